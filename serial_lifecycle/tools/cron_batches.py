"""Work on many records in committed batches, the way Odoo 18's cron runs it.

Odoo's cron gives each call of its server action a progress record
(``ir_cron_progress_id`` in the context); a call that reports, through
``ir.cron._notify_progress``, some records done and some remaining is run
again at once, in a new transaction: each batch is committed on its own and
none runs into ``limit_time_real`` / ``limit_time_cpu``.
"""

from odoo import fields
from odoo.osv import expression


def in_cron(env):
    """True when called by Odoo's cron with its progress API."""
    return bool(env.context.get("ir_cron_progress_id"))


def cron_batches(model, key, domain, size, process):
    """Run ``process`` on the records of ``domain``, ``size`` at a time, by id.

    A cursor (the ``ir.config_parameter`` ``key``: the day and the last id
    done) makes each call start after the records of the previous one, also
    those ``process`` leaves in the domain; it is cleared when the pass ends
    and ignored the next day, so that a pass interrupted one night starts
    over the next. In a cron, one batch per call, with its progress
    notified; called otherwise (a test, a shell), every batch in turn.

    ``process(records)`` returns the records it acted on (None: all of
    them); the result is their union.
    """
    env = model.env
    params = env["ir.config_parameter"].sudo()
    today = fields.Date.context_today(model).isoformat()
    stamp, _sep, last = (params.get_param(key) or "").partition("|")
    after = int(last) if stamp == today and last else 0
    result = model.browse()
    while True:
        batch = model.search(
            expression.AND([domain, [("id", ">", after)]]), order="id", limit=size
        )
        if batch:
            acted = process(batch)
            result |= batch if acted is None else acted
            after = batch[-1].id
        remaining = (
            model.search_count(expression.AND([domain, [("id", ">", after)]]))
            if len(batch) == size
            else 0
        )
        params.set_param(key, f"{today}|{after}" if remaining else False)
        if in_cron(env):
            env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
            return result
        if not remaining:
            return result
        # Outside a cron everything is one transaction: keep the cache small.
        env.invalidate_all()
