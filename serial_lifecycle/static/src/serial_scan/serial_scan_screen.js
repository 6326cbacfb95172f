import {Component, onMounted, useRef, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {url} from "@web/core/utils/urls";
import {useService} from "@web/core/utils/hooks";

// The colours of the serial list and form (stock_lot_views.xml decorations).
const STATE_BADGE_CLASSES = {
    available: "text-bg-success",
    installed: "text-bg-success",
    allocated: "text-bg-info",
    shipped: "text-bg-info",
    returned: "text-bg-warning",
    in_repair: "text-bg-warning",
    draft: "text-bg-warning",
    quarantined: "text-bg-danger",
    lost: "text-bg-danger",
    scrapped: "text-bg-danger",
};

/**
 * Scan screen: a scanner (keyboard input ending with Enter) or typing drives
 * it. The server answers every scan (serial.scan/scan) with what to show and
 * the session, which lives here: current location or transfer, and what was
 * scanned (a duplicate scan is refused by the server). A serial waiting
 * for inspection shows its plan's checks: the inspector enters Pass/Fail and
 * measured values and records them (serial.scan/record_inspection).
 */
export class SerialScanScreen extends Component {
    static template = "serial_lifecycle.SerialScanScreen";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.input = useRef("scanInput");
        this.state = useState({
            session: {scanned: []},
            mode: "",
            card: null,
            log: [],
            busy: false,
            // Scans answered in this session, and scans waiting for an answer.
            count: 0,
            pending: 0,
            // What the inspector entered for the card's checks: {check id: {result, value}}.
            entries: {},
        });
        this.queue = [];
        const extension = new Audio().canPlayType("audio/ogg") ? "ogg" : "mp3";
        this.sounds = {
            success: new Audio(url(`/mail/static/src/audio/ting.${extension}`)),
            error: new Audio(url(`/barcodes/static/src/audio/error.${extension}`)),
        };
        onMounted(() => this.input.el.focus());
    }

    playSound(kind) {
        const sound = this.sounds[kind];
        sound.currentTime = 0;
        sound.play().catch(() => {
            // Browsers refuse to play before a user gesture; the visual feedback stays.
        });
    }

    onKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        ev.preventDefault();
        const text = this.input.el.value;
        this.input.el.value = "";
        if (!text.trim()) {
            return;
        }
        // A scanner fires scans faster than the server answers: each waits
        // its turn, in order, and none is dropped.
        this.enqueue(
            () => this.orm.call("serial.scan", "scan", [text, this.state.session]),
            true
        );
    }

    /** Send a call after those before it (scans and recorded results keep their order). */
    enqueue(call, isScan = false) {
        this.queue.push({call, isScan});
        this.state.pending = this.queue.length;
        if (!this.state.busy) {
            this.processQueue();
        }
    }

    async processQueue() {
        this.state.busy = true;
        try {
            while (this.queue.length) {
                const {call, isScan} = this.queue.shift();
                await this.answer(call, isScan);
                this.state.pending = this.queue.length;
            }
        } finally {
            this.state.busy = false;
            this.input.el.focus();
        }
    }

    async answer(call, isScan) {
        // The server refused the call itself (rights, connection): keep
        // the session and say so in the banner, as any other refusal.
        const answer = await call().catch((error) => ({
            kind: "error",
            message: error.data?.message || error.message || String(error),
        }));
        if (answer.session) {
            this.state.session = answer.session;
        }
        if (isScan) {
            this.state.count += 1;
        }
        this.logId = (this.logId || 0) + 1;
        const ok = answer.kind !== "error";
        if (answer.kind === "location" || answer.kind === "picking") {
            this.state.mode = answer.message;
            this.state.card = null;
        } else if (ok) {
            // A serial put on a receipt has no card until the receipt is validated.
            this.state.card = answer.card || null;
            this.state.entries = {};
        }
        // A failed inspection was recorded (ok), but the serial is not good: amber.
        this.state.log.unshift({
            id: this.logId,
            ok,
            warning: Boolean(answer.warning),
            message: answer.message,
        });
        // Errors show in the banner above the log, never in a pop-up over the scan field.
        this.playSound(ok ? "success" : "error");
    }

    entry(check) {
        return this.state.entries[check.id] || {};
    }

    setEntry(check, values) {
        this.state.entries[check.id] = {...this.entry(check), ...values};
    }

    onValueKeydown(ev) {
        // Enter after the last value records, as a scanner's Enter ends a scan.
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.recordInspection();
        }
    }

    recordInspection() {
        const card = this.state.card;
        if (!card?.inspection) {
            return;
        }
        const results = [];
        for (const check of card.inspection.checks) {
            const entry = this.entry(check);
            if (check.type === "passfail" && entry.result) {
                results.push({check_id: check.id, result: entry.result});
            } else if (check.type !== "passfail" && (entry.value || "").trim()) {
                results.push({check_id: check.id, value: entry.value});
            }
        }
        // The server refuses an empty list by name, as the dialogs do.
        this.enqueue(() =>
            this.orm.call("serial.scan", "record_inspection", [
                card.id,
                results,
                this.state.session,
            ])
        );
    }

    qualityClass(status) {
        return (
            {
                passed: "text-bg-success",
                failed: "text-bg-danger",
                pending: "text-bg-warning",
            }[status] || "text-bg-secondary"
        );
    }

    reset() {
        this.state.session = {scanned: []};
        this.state.count = 0;
        this.state.mode = "";
        this.state.card = null;
        this.input.el.focus();
    }

    openPicking() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "stock.picking",
            res_id: this.state.session.picking_id,
            views: [[false, "form"]],
        });
    }

    stateClass(state) {
        return STATE_BADGE_CLASSES[state] || "text-bg-secondary";
    }

    flagClass(flag) {
        return (
            {
                info: "text-bg-info",
                warning: "text-bg-warning",
                danger: "text-bg-danger",
            }[flag.level] || "text-bg-secondary"
        );
    }
}

registry
    .category("actions")
    .add("serial_lifecycle.serial_scan_screen", SerialScanScreen);
