-- Axon's JDBC engine and saga store leave the generated keys to the database (the JPA entities drew
-- them from these sequences themselves): the same sequences become the columns' defaults, so rows
-- written before and after keep one numbering.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
alter table association_value_entry alter column id set default nextval('association_value_entry_seq');
alter sequence association_value_entry_seq owned by association_value_entry.id;
