-- Runs once, when the postgres container starts on an empty data volume.
-- One database per service (no service reads another's tables).
-- Init scripts never run again on an existing volume: a database added here later needs
-- `docker compose down -v` (or a CREATE DATABASE by hand) on machines that already ran it.
CREATE DATABASE t2t_referrals OWNER t2t;
CREATE DATABASE t2t_groups OWNER t2t;
CREATE DATABASE t2t_volunteers OWNER t2t;
CREATE DATABASE t2t_notifications OWNER t2t;
CREATE DATABASE t2t_ops OWNER t2t;
