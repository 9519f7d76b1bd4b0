-- Load-aware placement and live migration.

-- A reservation may belong to a placement group kept together (AFFINITY) or apart (ANTI_AFFINITY).
ALTER TABLE reservations ADD COLUMN group_name VARCHAR(100);
ALTER TABLE reservations ADD COLUMN group_kind VARCHAR(20);
CREATE INDEX reservations_group ON reservations (group_name);

-- Per-image caps on the allocation ratio it tolerates, e.g. {"VCPU": 1.0} for dedicated cores.
ALTER TABLE images ADD COLUMN overcommit_limits TEXT NOT NULL DEFAULT '{}';

-- While a reservation is live-migrated its allocation holds capacity on the target too.
ALTER TABLE allocations ADD COLUMN migrating_to BIGINT;
CREATE INDEX allocations_migrating_to ON allocations (migrating_to);

-- The host a placement decision chose, so decisions can be listed per host.
ALTER TABLE events ADD COLUMN host_id BIGINT;
CREATE INDEX events_host ON events (host_id, sequence);
