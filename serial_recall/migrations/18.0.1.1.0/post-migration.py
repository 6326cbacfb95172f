"""The customer mail names the campaign by its headline (issue 17).

The template is loaded with noupdate: a database that has it already keeps
its subject and body on update. Both are brought to the new wording here,
only where the company has not rewritten them.
"""

import re

from odoo import SUPERUSER_ID, api

OLD_SUBJECT = (
    "Product recall {{ object.campaign_id.name }}: {{ object.campaign_id.title }}"
)
NEW_SUBJECT = "Product recall {{ object.campaign_id.headline }}"
OLD_BODY = re.compile(
    r"""<strong t-out="object\.campaign_id\.name or ''">RCL/0001</strong>:\s*"""
    r"""<t t-out="object\.campaign_id\.title or ''">Title</t>"""
)
NEW_BODY = (
    """<strong t-out="object.campaign_id.headline or ''">RCL/0001: Title</strong>"""
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "serial_recall.mail_template_recall_notice", raise_if_not_found=False
    )
    if not template:
        return
    if template.subject == OLD_SUBJECT:
        template.subject = NEW_SUBJECT
    body = template.body_html or ""
    if OLD_BODY.search(body):
        template.body_html = OLD_BODY.sub(NEW_BODY, body)
