-- A transfer's failure reason quotes the refusal's detail, and a freeze's refusal quotes the freeze's
-- reason (up to 500 characters) after the account and the direction ("Account 000123 is frozen for
-- credits: ..."), which is longer than the 500 characters the column held: the projection failed and
-- the transfer was answered 500. 1000 characters hold the longest such detail (544).
alter table transfer alter column failure_reason set data type varchar(1000);
