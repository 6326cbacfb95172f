from odoo import _, api, fields, models


class SerialRecallNotice(models.Model):
    """The notification sent to one customer of a campaign, listing their serials."""

    _name = "serial.recall.notice"
    _description = "Recall Customer Notification"
    _order = "id desc"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "serial.recall.campaign",
        "Campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, readonly=True
    )
    unit_ids = fields.One2many(
        "serial.recall.unit", "notice_id", "Units", readonly=True
    )
    unit_count = fields.Integer("Serials", compute="_compute_serials")
    serial_names = fields.Text("Serial Numbers", compute="_compute_serials")
    message_id = fields.Many2one("mail.message", "Message", readonly=True)
    sent_date = fields.Datetime("Sent On", readonly=True)

    @api.depends("unit_ids.lot_id.name")
    def _compute_serials(self):
        for notice in self:
            notice.unit_count = len(notice.unit_ids)
            notice.serial_names = "\n".join(
                f"{unit.product_id.display_name} - {unit.lot_id.name}"
                for unit in notice.unit_ids
            )

    @api.depends("campaign_id.name", "partner_id.name")
    def _compute_display_name(self):
        for notice in self:
            notice.display_name = (
                f"{notice.campaign_id.name} - {notice.partner_id.name}"
            )

    def _send(self):
        """Render the editable template for all notices at once and post each on its
        customer.

        Posting on the customer keeps the notification in their history and
        mails it to them (the customer is a recipient). Notices come from the
        company's address (campaign._notice_sender), never from whoever clicked.
        """
        template = self.env.ref("serial_recall.mail_template_recall_notice")
        subjects = template._render_field("subject", self.ids, compute_lang=True)
        bodies = template._render_field("body_html", self.ids, compute_lang=True)
        senders = {campaign: campaign._notice_sender() for campaign in self.campaign_id}
        now = fields.Datetime.now()
        for notice in self:
            author, email_from = senders[notice.campaign_id]
            message = notice.partner_id.message_post(
                body=bodies[notice.id],
                subject=subjects[notice.id],
                author_id=author.id,
                email_from=email_from,
                partner_ids=notice.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            notice.write({"message_id": message.id, "sent_date": now})
        for campaign in self.campaign_id:
            campaign._post_note(
                _(
                    "%(count)s customers notified.",
                    count=len(
                        self.filtered(
                            lambda notice, campaign=campaign: notice.campaign_id
                            == campaign
                        )
                    ),
                )
            )
