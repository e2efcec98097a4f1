"""The fleet: site collectors on Celery and the central side that merges their results.

A site's management network is reachable only from inside it, so each site runs its own
worker (`inspector fleet worker --site SITE`) consuming the queue `site.SITE`. The central
side (`inspector fleet run INVENTORY`) splits the inventory by each device's `site`, sends
one job per site, waits until the run's deadline at most, and merges what the sites
delivered into one run: one run folder, one report, one set of findings, one history row.

- settings.py  the Celery application and why each of its settings is what it is;
- job.py       what a job carries (secret references only, never a secret) and its receipt;
- delivery.py  the results folder: `<results>/<run>/<site>/<job>/`, one attempt folder per
               delivery that collected, `done.json` written last by the one that counts;
- failure.py   the failure receipt a job that raised leaves in the broker;
- lease.py     keeps a running job's message from being redelivered while its worker lives;
- worker.py    the task: a job collected with the same pipeline as `inspector run`;
- central.py   split, send, wait, merge; sites that never answered are recorded results;
- status.py    workers per site, queue depths and running jobs;
- schedule.py  when a scheduled fleet run is due (monthly day, days before a holiday).

Celery and redis-py come with the `fleet` extra (`pip install inspector[fleet]`).
"""
