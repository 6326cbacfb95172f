from odoo import api, models

# Labels on an A4 sheet: 3 columns of 70 mm, 8 rows of 37 mm.
SHEET_LABELS = 24


class SerialLabelSheetReport(models.AbstractModel):
    """Serial labels on A4 sheets of 3 x 8: the labels of the label printer's report, 24
    a page."""

    _name = "report.serial_lifecycle.report_serial_label_sheet"
    _inherit = "report.serial_lifecycle.report_serial_label"
    _description = "Serial Number Labels (A4 sheet)"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        labels = values["labels"]
        values["pages"] = [
            labels[index : index + SHEET_LABELS]
            for index in range(0, len(labels), SHEET_LABELS)
        ]
        return values
