-- Axon's JDBC engine and saga store leave the generated keys to the database (the JPA entities drew
-- them from these sequences themselves): the same sequences become the columns' defaults.
alter table domain_event_entry alter column global_index set default next value for domain_event_entry_seq;
alter table association_value_entry alter column id set default next value for association_value_entry_seq;
