import Foundation

/// `followup report` as one self-contained HTML file: inline CSS and SVG, no script, nothing
/// fetched. Every piece of the store's data passes through `escape` (text and attributes
/// alike), every chart has a text equivalent and its numbers also in text, and colour always
/// has a word or a shape beside it.
public enum ReportHTML {
    /// Closed interviews are folded (`<details>`) on the board and among the timelines, so a
    /// long search opens on what is still moving.
    public static func render(_ report: SearchReport) -> String {
        var writer = Writer(report: report)
        writer.document()
        return writer.out
    }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out
    }

    static func appendEscaped(_ text: String, to out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Timelines drawn in one file: every interview of a search a person runs, and enough to keep
    /// a browser quick on a store of ten thousand.
    static let drawnTimelines = 200

    /// Cards shown open in a column of the board; the rest of the column is folded below them.
    static let unfoldedCards = 25

    /// Cards listed in one column of the board or one outcome of the closed column, folded ones
    /// included: the count says how many more there are, and `followup interview list` lists them.
    static let listedCards = 200

    /// Rows of the table of interviews without a drawn timeline, the most recent ones.
    static let listedUndrawn = 500

    /// Charts of companies show at most this many bars; the table beside them lists every one.
    static let chartedCompanies = 30

    static let style = """
        :root{--ink:#1b1f24;--muted:#5b636e;--line:#c9ced6;--late:#b3261e;--ok:#1e6b35;--wait:#1d4f91;--cold:#8a5a00;--soft:#f3f5f8}
        *{box-sizing:border-box}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);margin:0 auto;padding:1rem;max-width:72rem}
        h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid var(--ink);margin:2rem 0 .6rem}h3{font-size:1.05rem;margin:1rem 0 .4rem}
        .meta,.muted{color:var(--muted)}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
        .board{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem;align-items:start}
        .column{background:var(--soft);border-radius:6px;padding:.2rem .6rem .6rem}
        .column h3{margin:.5rem 0}
        ul.cards{list-style:none;margin:0;padding:0}
        .card{background:#fff;border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:4px;padding:.4rem .6rem;margin:.4rem 0;overflow-wrap:anywhere}
        .card p{margin:.1rem 0}
        .c-active{border-left-color:var(--ok)}.c-waiting{border-left-color:var(--wait);border-left-style:dashed}.c-cold{border-left-color:var(--cold);border-left-style:dotted}.c-upcoming{border-left-color:#6b7a8c;border-left-style:double}
        .tag{display:inline-block;font-size:.75rem;border:1px solid currentColor;border-radius:3px;padding:0 .3rem;margin-left:.3rem}
        .late{color:var(--late);font-weight:600}
        del{color:var(--muted)}
        details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
        th{background:var(--soft)}
        td.num,th.num{text-align:right;white-space:nowrap}
        caption{text-align:left;color:var(--muted);padding:.2rem 0}
        svg{display:block;max-width:100%;height:auto}
        svg text{font:11px system-ui,"DejaVu Sans",sans-serif;fill:var(--ink)}
        .axis{stroke:var(--muted);stroke-width:1}
        .lane{stroke:var(--line);stroke-dasharray:2 3}
        .you{fill:var(--ok);stroke:#fff}.them{fill:var(--wait);stroke:#fff}.note{fill:var(--muted)}
        .mark-late{fill:var(--late)}
        .mark-retracted{fill:#fff;stroke:var(--muted);stroke-width:1.5}
        .strike{stroke:var(--ink);stroke-width:1.5}
        .ahead{fill:#fff;stroke:var(--ink);stroke-width:1.5}.ahead-overdue{fill:var(--late);stroke:var(--late)}
        .decision{stroke:var(--cold);stroke-width:1.5;stroke-dasharray:5 3}.now{stroke:var(--ink);stroke-dasharray:1 2}
        .bar-ok{fill:var(--ok)}.bar-late{fill:#fff;stroke:var(--late);stroke-width:1.5;stroke-dasharray:4 2}.bar{fill:var(--wait)}
        article.timeline{border-top:1px solid var(--line);padding-top:.3rem}
        article.timeline,.month{content-visibility:auto;contain-intrinsic-size:auto 30rem}
        figure{margin:.5rem 0}
        .sign{margin-top:2.5rem;display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:2rem}
        .sign p{border-top:1px solid var(--ink);padding-top:.2rem;margin:2.5rem 0 0}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
        @media (max-width:40rem){body{padding:.5rem;font-size:14px}h2{margin-top:1.4rem}th,td{padding:.2rem}}
        @page{margin:14mm}
        @media print{
        body{max-width:none;padding:0;font-size:9pt}
        nav{display:none}
        section.part+section.part{break-before:page}
        h2,h3{break-after:avoid}
        .card,article.timeline,figure,tr,.sign,.column{break-inside:avoid}
        thead{display:table-header-group}
        .scroll{overflow:visible}
        article.timeline,.month{content-visibility:visible}
        a{color:inherit;text-decoration:none}
        .column{background:none;border:1px solid var(--line)}
        }
        """

    struct Writer {
        let report: SearchReport
        var out = ""
        /// Which interviews get a drawn timeline, and which a row in the table of the others.
        let drawnOpen: [Int], drawnClosed: [Int], listedUndrawn: [Int]
        let closedCount: Int, undrawnCount: Int
        /// Cards whose interview has a timeline or a row on the page, so a link to it lands.
        let anchored: Set<Int>

        init(report: SearchReport) {
            self.report = report
            // The most recent interviews (listing order is by start) are drawn, open ones first,
            // up to `drawnTimelines`; of the others, the most recent `listedUndrawn`, open ones first,
            // get one row each.
            let open = report.cards.indices.filter { report.cards[$0].column != .closed }
            let closed = report.cards.indices.filter { report.cards[$0].column == .closed }
            drawnOpen = Array(open.suffix(ReportHTML.drawnTimelines))
            drawnClosed = Array(closed.suffix(ReportHTML.drawnTimelines - drawnOpen.count))
            let undrawnOpen = open.dropLast(drawnOpen.count), undrawnClosed = closed.dropLast(drawnClosed.count)
            let listedOpen = undrawnOpen.suffix(ReportHTML.listedUndrawn)
            listedUndrawn = Array(listedOpen) + undrawnClosed.suffix(ReportHTML.listedUndrawn - listedOpen.count)
            closedCount = closed.count
            undrawnCount = undrawnOpen.count + undrawnClosed.count
            anchored = Set(drawnOpen + drawnClosed + listedUndrawn)
            let events = report.cards.reduce(0) { $0 + $1.entries.count }
            out.reserveCapacity(16_384 + report.cards.count * 1_200 + events * 420 + report.activity.count * 260)
        }

        mutating func raw(_ text: String) { out += text }
        mutating func text(_ text: String) { ReportHTML.appendEscaped(text, to: &out) }

        func time(_ seconds: Int64) -> String { LocalTime.format(seconds, timeZone: report.timeZone) }
        func day(_ seconds: Int64) -> String { LocalTime.format(seconds, timeZone: report.timeZone, withWeekday: true) }

        /// An element id for an interview: its id, a UUID, so two interviews sharing a ref after
        /// a merge never share an anchor.
        func anchor(_ card: BoardCard) -> String { "i-" + card.state.id }

        // MARK: The document

        mutating func document() {
            raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            raw("<meta name=\"color-scheme\" content=\"light\">\n<title>Job search report, ")
            text(LocalTime.day(report.generatedAt, timeZone: report.timeZone))
            raw("</title>\n<style>\n")
            raw(ReportHTML.style)
            raw("\n</style>\n</head>\n<body>\n")
            header()
            board()
            howItWent()
            timelines()
            record()
            raw("</body>\n</html>\n")
        }

        mutating func header() {
            raw("<section class=\"part\" id=\"board\">\n<header>\n<h1>Job search report</h1>\n<p class=\"meta\">Made ")
            text(day(report.generatedAt))
            raw(" (")
            text(report.timeZone.identifier)
            raw(") from the followup log. Record of activity: ")
            text(periodText)
            raw(".</p>\n")
            var counts: [BoardColumn: Int] = [:]
            for card in report.cards { counts[card.column, default: 0] += 1 }
            raw("<p>")
            text("\(report.cards.count) interview\(report.cards.count == 1 ? "" : "s"): "
                 + BoardColumn.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + ".")
            raw("</p>\n<nav aria-label=\"Sections\"><ul><li><a href=\"#board-columns\">The board</a></li>"
                + "<li><a href=\"#how\">How it went</a></li><li><a href=\"#timelines\">Timelines</a></li>"
                + "<li><a href=\"#record\">Record of activity</a></li></ul></nav>\n</header>\n")
        }

        var periodText: String {
            if report.period.isDefault, let since = report.period.since, let until = report.period.until {
                return "the last \(ReportPeriod.defaultDays) days, from \(time(since)) until \(time(until)) (not included)"
            }
            return switch (report.period.since, report.period.until) {
            case (nil, nil): "everything logged"
            case (let since?, nil): "from \(time(since))"
            case (nil, let until?): "until \(time(until)) (not included)"
            case (let since?, let until?): "from \(time(since)) until \(time(until)) (not included)"
            }
        }

        // MARK: The board

        mutating func board() {
            raw("<h2 id=\"board-columns\">The board</h2>\n")
            guard !report.cards.isEmpty else {
                raw("<p>No interviews yet; add one with <code>followup interview add</code>.</p>\n</section>\n")
                return
            }
            raw("<div class=\"board\">\n")
            var byColumn: [BoardColumn: [Int]] = [:]
            for (index, card) in report.cards.enumerated() { byColumn[card.column, default: []].append(index) }
            for column in BoardColumn.allCases where column != .closed {
                let indices = byColumn[column] ?? []
                raw("<section class=\"column\" aria-labelledby=\"col-\(column.rawValue)\">\n<h3 id=\"col-\(column.rawValue)\">")
                text("\(column.title) (\(indices.count))")
                raw("</h3>\n")
                if indices.isEmpty {
                    raw("<p class=\"muted\">none</p>\n")
                } else {
                    raw("<ul class=\"cards\">\n")
                    for index in indices.prefix(ReportHTML.unfoldedCards) { card(index) }
                    raw("</ul>\n")
                    if indices.count > ReportHTML.unfoldedCards {
                        let folded = indices.prefix(ReportHTML.listedCards).dropFirst(ReportHTML.unfoldedCards)
                        raw("<details><summary>")
                        text("\(indices.count - ReportHTML.unfoldedCards) more")
                        raw("</summary>\n<ul class=\"cards\">\n")
                        for index in folded { card(index) }
                        raw("</ul>\n")
                        unlisted(indices.count - ReportHTML.listedCards, shown: "the first")
                        raw("</details>\n")
                    }
                }
                raw("</section>\n")
            }
            let closed = byColumn[.closed] ?? []
            raw("<section class=\"column\" aria-labelledby=\"col-closed\">\n<h3 id=\"col-closed\">")
            text("Closed (\(closed.count))")
            raw("</h3>\n")
            if closed.isEmpty { raw("<p class=\"muted\">none</p>\n") }
            for outcome in Outcome.allCases {
                let indices = closed.filter { report.cards[$0].state.outcome == outcome }
                guard !indices.isEmpty else { continue }
                raw("<details><summary>")
                text("\(outcome.rawValue) (\(indices.count))")
                raw("</summary>\n<ul class=\"cards\">\n")
                for index in indices.suffix(ReportHTML.listedCards) { card(index) }
                raw("</ul>\n")
                unlisted(indices.count - ReportHTML.listedCards, shown: "the most recent")
                raw("</details>\n")
            }
            raw("</section>\n</div>\n</section>\n")
        }

        /// The line under a list of cards cut at `listedCards`, when `count` cards were left out.
        mutating func unlisted(_ count: Int, shown: String) {
            guard count > 0 else { return }
            raw("<p class=\"muted\">")
            text("\(shown.prefix(1).uppercased() + shown.dropFirst()) \(ReportHTML.listedCards) are listed here; \(count) more are not. "
                 + "'followup interview list' lists every interview.")
            raw("</p>\n")
        }

        mutating func card(_ index: Int) {
            let card = report.cards[index]
            let linked = anchored.contains(index)
            raw("<li class=\"card c-\(card.column.rawValue)\"><p>")
            if linked {
                raw("<a href=\"#")
                text(anchor(card))
                raw("\">")
            }
            raw("<strong>")
            text(card.state.ref)
            raw(linked ? "</strong></a>" : "</strong>")
            raw("<span class=\"tag\">")
            text(card.column == .closed ? card.status.rawValue : card.column.rawValue)
            raw("</span></p>\n<p>")
            text("\(card.state.company), \(card.state.role)")
            raw("</p>\n<p class=\"muted\">Interview ")
            text(day(card.state.startsAt))
            raw("</p>\n<p>")
            if let outcome = card.state.outcome {
                text("Outcome: \(outcome.rawValue)" + (card.state.outcomeAt.map { ", \(time($0))" } ?? ""))
            } else if let next = card.next {
                raw("Next: ")
                text(next.action + (next.to.map { " to \($0)" } ?? "") + ", due " + time(next.dueAt))
                if next.overdue { raw(" <span class=\"late\">overdue</span>") }
                raw("<br><span class=\"muted\">")
                text(next.reason)
                raw("</span>")
            } else if card.column == .upcoming {
                raw("Next: the interview itself")
            } else {
                raw("Nothing is due")
            }
            raw("</p></li>\n")
        }

        // MARK: How it went

        mutating func howItWent() {
            let stats = report.stats
            let overall = stats.overall
            raw("<section class=\"part\" id=\"how\">\n<h2>How it went</h2>\n")
            // Thank-yous on time.
            raw("<h3>")
            text("Thank-yous within \(stats.thankYouHours) h")
            raw("</h3>\n")
            let late = overall.thankYous - overall.thankYousOnTime
            let thanks = overall.thankYous == 0
                ? "No thank-you counts yet (none sent, none overdue)."
                : "\(overall.thankYousOnTime) of \(overall.thankYous) on time (\(percent(overall.onTimeShare!))), \(late) late or not sent."
            raw("<figure>\n")
            if overall.thankYous > 0 {
                let width = 400.0
                let onTimeWidth = width * Double(overall.thankYousOnTime) / Double(overall.thankYous)
                svgOpen(width: 560, height: 44, label: "Thank-yous within \(stats.thankYouHours) h: \(thanks)")
                raw("<rect class=\"bar-ok\" x=\"0\" y=\"6\" width=\"\(fixed(onTimeWidth))\" height=\"18\"/>")
                if late > 0 {
                    raw("<rect class=\"bar-late\" x=\"\(fixed(onTimeWidth))\" y=\"6\" width=\"\(fixed(width - onTimeWidth))\" height=\"18\"/>")
                }
                raw("<text x=\"\(fixed(width + 8))\" y=\"19\">")
                text("\(overall.thankYousOnTime) on time, \(late) late")
                raw("</text><text x=\"0\" y=\"38\">")
                text("solid: on time · dashed outline: late or not sent")
                raw("</text></svg>\n")
            }
            raw("<figcaption>")
            text(thanks)
            raw("</figcaption>\n</figure>\n")

            // Days to a reply, per company.
            raw("<h3>Days to a reply, per company</h3>\n")
            let replied = stats.companies.filter { $0.figures.medianDaysToReply != nil }
            raw("<figure>\n")
            if replied.isEmpty {
                raw("<figcaption>No employer has replied after an interview yet.</figcaption>\n")
            } else {
                let shown = Array(replied.prefix(ReportHTML.chartedCompanies))
                let longest = max(shown.map { $0.figures.medianDaysToReply! }.max() ?? 1, 1)
                let rowHeight = 22
                let summary = shown.map { "\($0.name) \(oneDecimal($0.figures.medianDaysToReply!)) days" }.joined(separator: "; ")
                svgOpen(width: 640, height: rowHeight * shown.count + 8,
                        label: "Median days from the interview to the first reply, per company: \(summary)")
                for (row, company) in shown.enumerated() {
                    let days = company.figures.medianDaysToReply!
                    let y = row * rowHeight + 4
                    raw("<text x=\"0\" y=\"\(y + 14)\">")
                    text(String(company.name.prefix(24)))
                    raw("</text><rect class=\"bar\" x=\"180\" y=\"\(y + 3)\" width=\"\(fixed(max(2, 330 * days / longest)))\" height=\"14\"/>")
                    raw("<text x=\"\(fixed(186 + 330 * days / longest))\" y=\"\(y + 14)\">")
                    text("\(oneDecimal(days)) days (\(company.figures.replied) replied)")
                    raw("</text>\n")
                }
                raw("</svg>\n<figcaption>")
                text("Median days from the interview's end to the employer's first reply after it"
                     + (replied.count > shown.count
                        ? "; the chart shows the first \(shown.count) of \(replied.count) companies, the table below lists all."
                        : "; the table below lists the figures."))
                raw("</figcaption>\n")
            }
            raw("</figure>\n")

            // Outcomes.
            raw("<h3>Outcomes</h3>\n<figure>\n")
            let keys = FollowUpStats.outcomeKeys
            let most = max(keys.map { overall.outcomes[$0] ?? 0 }.max() ?? 1, 1)
            let outcomeSummary = keys.map { "\($0) \(overall.outcomes[$0] ?? 0)" }.joined(separator: ", ")
            svgOpen(width: 560, height: keys.count * 22 + 8, label: "Outcomes of \(overall.interviews) interviews: \(outcomeSummary)")
            for (row, key) in keys.enumerated() {
                let count = overall.outcomes[key] ?? 0
                let y = row * 22 + 4
                let width = 300 * Double(count) / Double(most)
                raw("<text x=\"0\" y=\"\(y + 14)\">\(key)</text>")
                raw("<rect class=\"bar\" x=\"90\" y=\"\(y + 3)\" width=\"\(fixed(max(count == 0 ? 0 : 2, width)))\" height=\"14\"/>")
                raw("<text x=\"\(fixed(96 + width))\" y=\"\(y + 14)\">\(count)</text>\n")
            }
            raw("</svg>\n<figcaption>")
            text("Outcomes: \(outcomeSummary) (open: no outcome yet).")
            raw("</figcaption>\n</figure>\n")

            // The figures, as `followup stats` shows them.
            raw("<h3>Figures per company</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Company</th>"
                + "<th scope=\"col\" class=\"num\">Interviews</th><th scope=\"col\" class=\"num\">")
            text("Thank-yous ≤ \(stats.thankYouHours) h")
            raw("</th><th scope=\"col\" class=\"num\">Days to reply (median)</th><th scope=\"col\" class=\"num\">Check-ins per interview</th>"
                + "<th scope=\"col\">Outcomes</th></tr></thead>\n<tbody>\n")
            for company in stats.companies { figuresRow(company.name, company.figures) }
            figuresRow("all", overall, bold: true)
            raw("</tbody></table></div>\n</section>\n")
        }

        mutating func figuresRow(_ name: String, _ figures: FollowUpStats.Figures, bold: Bool = false) {
            raw(bold ? "<tr><th scope=\"row\">" : "<tr><td>")
            text(name)
            raw(bold ? "</th>" : "</td>")
            let thanks = figures.thankYous == 0 ? "–" : "\(figures.thankYousOnTime)/\(figures.thankYous) (\(percent(figures.onTimeShare!)))"
            let reply = figures.medianDaysToReply.map { "\(oneDecimal($0)) (\(figures.replied) replied)" } ?? "–"
            let outcomes = FollowUpStats.outcomeKeys.compactMap { key in figures.outcomes[key].map { "\(key) \($0)" } }
                .joined(separator: ", ")
            raw("<td class=\"num\">\(figures.interviews)</td><td class=\"num\">")
            text(thanks)
            raw("</td><td class=\"num\">")
            text(reply)
            raw("</td><td class=\"num\">")
            text(figures.checkInsPerInterview.map(oneDecimal) ?? "–")
            raw("</td><td>")
            text(outcomes)
            raw("</td></tr>\n")
        }

        // MARK: Timelines

        mutating func timelines() {
            raw("<section class=\"part\" id=\"timelines\">\n<h2>Timelines</h2>\n<p class=\"muted\">")
            text("Marks: ● something you did (late ones red with “!”), ■ a reply from the employer, ◆ the outcome, "
                 + "• a note, △ what is due ahead (red with “!” when overdue), dashed line: the decision date, "
                 + "dotted line: now; a struck-through hollow mark was retracted. Each mark is also a row of the table below it.")
            raw("</p>\n")
            for index in drawnOpen { timeline(report.cards[index]) }
            if !drawnClosed.isEmpty {
                raw("<details class=\"closed\"><summary>")
                text("Timelines of \(drawnClosed.count == closedCount ? "the" : "the last \(drawnClosed.count) of the") "
                     + "\(closedCount) closed interview\(closedCount == 1 ? "" : "s")")
                raw("</summary>\n")
                for index in drawnClosed { timeline(report.cards[index]) }
                raw("</details>\n")
            }
            if undrawnCount > 0 { undrawnTimelines() }
            if report.cards.isEmpty { raw("<p>No interviews yet.</p>\n") }
            raw("</section>\n")
        }

        /// The interviews whose timelines are not drawn: one row each, where the board's links land.
        mutating func undrawnTimelines() {
            let indices = listedUndrawn
            raw("<details class=\"undrawn\"><summary>")
            text("\(undrawnCount) older interview\(undrawnCount == 1 ? "" : "s") without a drawn timeline")
            raw("</summary>\n<p>")
            text("One file draws the timelines of the \(ReportHTML.drawnTimelines) most recent interviews"
                 + (undrawnCount > indices.count
                    ? " and lists the next \(indices.count) below; \(undrawnCount - indices.count) older ones are not listed ('followup interview list' lists every interview). "
                    : ". ")
                 + "'followup timeline REF' lists any interview's events; the record of activity below holds every contact in its period.")
            raw("</p>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Interview</th><th scope=\"col\">Company, role</th>"
                + "<th scope=\"col\">Held</th><th scope=\"col\" class=\"num\">Events</th><th scope=\"col\">Last activity</th>"
                + "<th scope=\"col\">State</th></tr></thead>\n<tbody>\n")
            for index in indices {
                let card = report.cards[index]
                raw("<tr id=\"")
                text(anchor(card))
                raw("\"><td>")
                text(card.state.ref)
                raw("</td><td>")
                text("\(card.state.company), \(card.state.role)")
                raw("</td><td>")
                text(time(card.state.startsAt))
                raw("</td><td class=\"num\">\(card.state.eventCount)</td><td>")
                text(time(card.state.lastActivityAt))
                raw("</td><td>")
                text(card.state.outcome.map { "outcome: \($0.rawValue)" } ?? card.column.rawValue)
                raw("</td></tr>\n")
            }
            raw("</tbody></table></div>\n</details>\n")
        }

        /// One row of a timeline: a mark on the axis and a line of its table.
        struct Mark {
            enum Kind { case interview, action, reply, outcome, note, other, ahead, decision }
            var at: Int64
            var kind: Kind
            var what: String
            var details: String
            var late: String?
            var retracted: String?
            var overdue = false
        }

        func marks(of card: BoardCard) -> [Mark] {
            var marks: [Mark] = []
            for entry in card.entries {
                let event = entry.event
                let kind: Mark.Kind
                switch event.knownType {
                case .interviewAdded?, .interviewAmended?: kind = .interview
                case .thankYouSent?, .handwrittenNoteSent?, .nextStepsAsked?, .qualificationsSent?, .checkInSent?: kind = .action
                case .responseReceived?: kind = .reply
                case .outcomeRecorded?: kind = .outcome
                case .noteAdded?: kind = .note
                case .eventRetracted?, .configSet?, .deviceRegistered?, nil: kind = .other
                }
                var details = ReportWording.details(event, timeZone: report.timeZone)
                if entry.backdated { details += (details.isEmpty ? "" : " · ") + "recorded \(time(event.recordedMs / 1000))" }
                marks.append(Mark(at: event.occurred, kind: kind, what: ReportWording.title(event.type), details: details,
                                  late: entry.retractedBy == nil ? report.lateness(of: event, in: card.state) : nil,
                                  retracted: entry.retractedBy.map { "retracted by \($0.prefix(8))" }))
            }
            // Stable by time: events logged late land where they happened.
            marks = marks.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            if let decisionBy = card.state.decisionBy {
                marks.append(Mark(at: decisionBy, kind: .decision, what: "decision date", details: "the employer planned to decide by then"))
            }
            for item in card.ahead {
                marks.append(Mark(at: item.dueAt, kind: .ahead,
                                  what: "due: " + item.action + (item.to.map { " to \($0)" } ?? "") + (item.optional ? " (optional)" : ""),
                                  details: item.reason, overdue: item.overdue))
            }
            return marks
        }

        mutating func timeline(_ card: BoardCard) {
            let state = card.state
            let marks = marks(of: card)
            raw("<article class=\"timeline\" id=\"")
            text(anchor(card))
            raw("\">\n<h3>")
            text("\(state.ref): \(state.company), \(state.role)")
            raw("</h3>\n<p class=\"muted\">")
            text("Interview \(day(state.startsAt)), \(state.durationMinutes) min; "
                 + (state.outcome.map { "outcome: \($0.rawValue)" } ?? "state: \(card.column.rawValue)"))
            raw("</p>\n")
            timelineSVG(card, marks)
            raw("<div class=\"scroll\"><table>\n<caption class=\"sr\">")
            text("Every mark of the timeline of \(state.ref)")
            raw("</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\">Details</th>"
                + "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n")
            for mark in marks {
                raw("<tr><td>")
                text(time(mark.at))
                raw("</td><td>")
                if mark.retracted != nil { raw("<del>") }
                text(mark.what)
                if mark.retracted != nil { raw("</del>") }
                raw("</td><td>")
                if mark.retracted != nil { raw("<del>") }
                text(mark.details)
                if mark.retracted != nil { raw("</del>") }
                raw("</td><td>")
                if let retracted = mark.retracted {
                    text(retracted)
                } else if let late = mark.late {
                    raw("<span class=\"late\">")
                    text(late)
                    raw("</span>")
                } else if mark.overdue {
                    raw("<span class=\"late\">overdue</span>")
                } else if mark.kind == .ahead {
                    raw("ahead")
                } else if mark.kind == .decision {
                    raw(mark.at < report.generatedAt ? "passed" : "ahead")
                }
                raw("</td></tr>\n")
            }
            raw("</tbody></table></div>\n</article>\n")
        }

        mutating func timelineSVG(_ card: BoardCard, _ marks: [Mark]) {
            let width = 640.0, left = 92.0, right = 14.0
            let state = card.state
            var first = state.startsAt, last = state.endsAt
            for mark in marks {
                first = min(first, mark.at)
                last = max(last, mark.at)
            }
            let showsNow = state.outcome == nil
            if showsNow { last = max(last, report.generatedAt) }
            if last <= first { last = first + 3600 }
            let span = Double(last - first)
            func x(_ seconds: Int64) -> String { fixed(left + (width - left - right) * Double(seconds - first) / span) }
            let lanes: [(name: String, y: Int)] = [("you", 26), ("employer", 54), ("due ahead", 82)]

            let done = marks.filter { $0.kind != .ahead && $0.kind != .decision && $0.kind != .other }.count
            let late = marks.filter { $0.late != nil }.count
            let retracted = marks.filter { $0.retracted != nil }.count
            let ahead = marks.filter { $0.kind == .ahead }
            var label = "Timeline of \(state.ref), \(time(first)) to \(time(last)): \(done) event\(done == 1 ? "" : "s")"
            if late > 0 { label += ", \(late) late" }
            if retracted > 0 { label += ", \(retracted) retracted" }
            label += ", \(ahead.count) due ahead"
            let overdue = ahead.filter(\.overdue).count
            if overdue > 0 { label += " (\(overdue) overdue)" }
            label += ". Every mark is listed in the table that follows."
            svgOpen(width: Int(width), height: 118, label: label)
            for lane in lanes {
                raw("<text x=\"0\" y=\"\(lane.y + 4)\">\(lane.name)</text><line class=\"lane\" x1=\"\(fixed(left))\" y1=\"\(lane.y)\" x2=\"\(fixed(width - right))\" y2=\"\(lane.y)\"/>")
            }
            raw("\n<line class=\"axis\" x1=\"\(fixed(left))\" y1=\"98\" x2=\"\(fixed(width - right))\" y2=\"98\"/>")
            raw("<text x=\"\(fixed(left))\" y=\"112\">")
            text(LocalTime.day(first, timeZone: report.timeZone))
            raw("</text><text x=\"\(fixed(width - right))\" y=\"112\" text-anchor=\"end\">")
            text(LocalTime.day(last, timeZone: report.timeZone))
            raw("</text>\n")
            if showsNow {
                raw("<line class=\"now\" x1=\"\(x(report.generatedAt))\" y1=\"12\" x2=\"\(x(report.generatedAt))\" y2=\"98\"/>")
                raw("<text x=\"\(x(report.generatedAt))\" y=\"10\" text-anchor=\"middle\">now</text>\n")
            }
            for mark in marks where mark.kind != .other {
                let cx = x(mark.at)
                // No title per mark: the table under the chart holds its words, and titles were a
                // third of a long search's file.
                raw("<g>")
                let shapeClass: String
                if mark.retracted != nil { shapeClass = "mark-retracted" }
                else if mark.late != nil { shapeClass = "mark-late" }
                else { shapeClass = mark.kind == .reply || mark.kind == .outcome ? "them" : mark.kind == .note ? "note" : "you" }
                switch mark.kind {
                case .interview:
                    raw("<rect class=\"\(shapeClass)\" x=\"\(cx)\" y=\"20\" width=\"\(fixed(max(4, (width - left - right) * Double(state.durationMinutes * 60) / span)))\" height=\"12\"/>")
                case .action:
                    raw("<circle class=\"\(shapeClass)\" cx=\"\(cx)\" cy=\"26\" r=\"5.5\"/>")
                case .note:
                    raw("<circle class=\"\(shapeClass)\" cx=\"\(cx)\" cy=\"26\" r=\"3\"/>")
                case .reply:
                    raw("<rect class=\"\(shapeClass)\" x=\"\(cx)\" y=\"49\" width=\"10\" height=\"10\" transform=\"translate(-5 0)\"/>")
                case .outcome:
                    raw("<path class=\"\(shapeClass)\" d=\"M\(cx) 46l7 8-7 8-7-8z\"/>")
                case .ahead:
                    raw("<path class=\"\(mark.overdue ? "ahead-overdue" : "ahead")\" d=\"M\(cx) 75l6 12h-12z\"/>")
                    if mark.overdue { raw("<text x=\"\(cx)\" y=\"72\" text-anchor=\"middle\" class=\"late\">!</text>") }
                case .decision:
                    raw("<line class=\"decision\" x1=\"\(cx)\" y1=\"14\" x2=\"\(cx)\" y2=\"98\"/><text x=\"\(cx)\" y=\"96\" dx=\"3\">decision</text>")
                case .other:
                    break
                }
                if mark.retracted != nil, mark.kind != .decision, mark.kind != .ahead {
                    let y = mark.kind == .reply || mark.kind == .outcome ? 54 : 26
                    raw("<line class=\"strike\" x1=\"\(cx)\" y1=\"\(y + 7)\" x2=\"\(cx)\" y2=\"\(y - 7)\" transform=\"rotate(45 \(cx) \(y))\"/>")
                }
                if mark.late != nil { raw("<text x=\"\(cx)\" y=\"16\" text-anchor=\"middle\" class=\"late\">!</text>") }
                raw("</g>\n")
            }
            raw("</svg>\n")
        }

        // MARK: Record of activity

        mutating func record() {
            raw("<section class=\"part\" id=\"record\">\n<h2>Record of activity</h2>\n<p>")
            text("Every application (interview) and every contact with an employer logged in followup "
                 + "\(periodText == "everything logged" ? "(the whole log)" : periodText), by date, in \(report.timeZone.identifier). "
                 + "Retracted entries are left out. \(report.activity.count) entr\(report.activity.count == 1 ? "y" : "ies").")
            raw("</p>\n")
            if report.period.isDefault {
                raw("<p class=\"choose\">")
                text("No period was named, so the record covers the last \(ReportPeriod.defaultDays) days. For another period, run "
                     + "'followup report --since 2026-01-01 --until 2026-03-31' with your dates; for the whole log, "
                     + "'--since' with a date before the search began.")
                raw("</p>\n")
            }
            if report.activity.isEmpty { raw("<p>Nothing was logged in this period.</p>\n") }
            // A table per month: each can be laid out on its own (`content-visibility`), which keeps
            // a browser quick on a long search, and a month is what an office asks about.
            var first = 0
            while first < report.activity.count {
                let month = LocalTime.civil(report.activity[first].occurredAt, report.timeZone)
                var end = first + 1
                while end < report.activity.count {
                    let next = LocalTime.civil(report.activity[end].occurredAt, report.timeZone)
                    guard next.year == month.year, next.month == month.month else { break }
                    end += 1
                }
                let id = "m-\(month.year)-\(month.month)"
                raw("<section class=\"month\" aria-labelledby=\"\(id)\">\n<h3 id=\"\(id)\">")
                text("\(Writer.monthNames[Int(month.month) - 1]) \(month.year) (\(end - first) entr\(end - first == 1 ? "y" : "ies"))")
                raw("</h3>\n<div class=\"scroll\"><table class=\"record\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Company</th>"
                    + "<th scope=\"col\">Role</th><th scope=\"col\">Contact person</th><th scope=\"col\">Channel</th>"
                    + "<th scope=\"col\">Activity</th><th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n")
                for row in report.activity[first..<end] {
                    raw("<tr><td>")
                    text(time(row.occurredAt))
                    raw("</td><td>")
                    text(row.company)
                    raw("</td><td>")
                    text(row.role)
                    raw("</td><td>")
                    text(row.contact ?? "–")
                    raw("</td><td>")
                    text(row.channel)
                    raw("</td><td>")
                    text(row.activity)
                    raw("</td><td>")
                    text(row.outcome)
                    raw("</td></tr>\n")
                }
                raw("</tbody></table></div>\n</section>\n")
                first = end
            }
            raw("<div class=\"sign\"><p>Name</p><p>Place and date</p><p>Signature</p></div>\n</section>\n")
        }

        static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                 "October", "November", "December"]

        // MARK: Pieces

        mutating func svgOpen(width: Int, height: Int, label: String) {
            raw("<svg role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-label=\"")
            text(label)
            raw("\"><title>")
            text(label)
            raw("</title>\n")
        }

        func fixed(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
        }

        func oneDecimal(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }

        func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
    }
}
