-- Runs once, when the postgres container starts on an empty data volume.
-- One database per service (DESIGN.md §1: no service reads another's tables).
-- t2t_ops is created ahead of the ops console so that adding it later needs no volume reset
-- (init scripts never run again on an existing volume).
CREATE DATABASE t2t_referrals OWNER t2t;
CREATE DATABASE t2t_groups OWNER t2t;
CREATE DATABASE t2t_volunteers OWNER t2t;
CREATE DATABASE t2t_notifications OWNER t2t;
CREATE DATABASE t2t_ops OWNER t2t;
