-- Lists of transfers (GET /transfers) are newest request first, resumed below the last (requested_at,
-- transfer_id) of a page: an account on either side is one range per side, a status one range per
-- status, and no filter a range of the request time.
create index transfer_from_requested_idx on transfer (from_account_number, requested_at, transfer_id);
create index transfer_to_requested_idx on transfer (to_account_number, requested_at, transfer_id);
create index transfer_status_requested_idx on transfer (status, requested_at, transfer_id);
create index transfer_requested_idx on transfer (requested_at, transfer_id);
