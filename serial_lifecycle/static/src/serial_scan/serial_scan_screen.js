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
 * scanned (a duplicate scan is refused by the server).
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
        this.queue.push(text);
        this.state.pending = this.queue.length;
        if (!this.state.busy) {
            this.processQueue();
        }
    }

    async processQueue() {
        this.state.busy = true;
        try {
            while (this.queue.length) {
                const text = this.queue.shift();
                await this.answerScan(text);
                this.state.pending = this.queue.length;
            }
        } finally {
            this.state.busy = false;
            this.input.el.focus();
        }
    }

    async answerScan(text) {
        let answer = null;
        try {
            answer = await this.orm.call("serial.scan", "scan", [
                text,
                this.state.session,
            ]);
        } catch (error) {
            // The server refused the call itself (rights, connection): keep
            // the session and say so in the banner, as any other refusal.
            answer = {
                kind: "error",
                message: error.data?.message || error.message || String(error),
            };
        }
        if (answer.session) {
            this.state.session = answer.session;
        }
        this.state.count += 1;
        const ok = answer.kind !== "error";
        if (answer.kind === "location" || answer.kind === "picking") {
            this.state.mode = answer.message;
            this.state.card = null;
        } else if (ok) {
            // A serial put on a receipt has no card until the receipt is validated.
            this.state.card = answer.card || null;
        }
        this.state.log.unshift({id: this.state.count, ok, message: answer.message});
        // Errors show in the banner above the log, never in a pop-up over the scan field.
        this.playSound(ok ? "success" : "error");
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
