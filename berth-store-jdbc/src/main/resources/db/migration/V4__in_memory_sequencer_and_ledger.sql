-- Event numbers and capacity claims are now kept in memory by the one Berth process that writes this database
-- (see JdbcStore and the core's CapacityLedger): the rows that serialised them are no longer used.
DROP TABLE calendar_locks;
DROP TABLE event_sequence;
