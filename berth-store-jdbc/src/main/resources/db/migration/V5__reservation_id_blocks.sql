-- Reservation ids are handed out in blocks: one nextval reserves the next 32 ids (ReservationIds.BLOCK), so a
-- reservation no longer needs its own round trip for an id. Ids stay unique; a restart skips the rest of a block.
ALTER SEQUENCE reservation_ids INCREMENT BY 32;
