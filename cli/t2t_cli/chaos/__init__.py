"""`make chaos`: the platform under the faults production brings, and a checker of what survived.

``stack`` runs every service as two replicas behind a broker proxy, with fault-injecting
SMTP and GOV.UK Notify stubs (``faults``); ``workload`` drives referrals through
acceptance and placement; ``nemesis`` kills, stops and cuts; ``heal`` waits until
everything has drained; ``checks`` judges what the databases, sinks and topics hold.
"""
