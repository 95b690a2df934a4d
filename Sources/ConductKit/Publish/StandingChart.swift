/// The attestation page's chart of where the signatories stand over time: one stacked bar per
/// revision, in the order of adoption and evenly spaced (not to scale in time), each segment
/// the signatories in one state there as `status --at` counts them (`AttestationMatrix.counts`).
///
/// Inline SVG without script: each state is filled with the matrix's colours and tiled with its
/// symbol, so that no state is told by colour alone; each segment carries a `<title>` (a
/// tooltip) and `data-state`/`data-count`; the figure is labelled by its caption, and a table
/// after it holds the same numbers for a screen reader and for anyone who wants them exact.
struct StandingChart {
    let site: Site

    /// The plot's height, and the width its bars share until they narrow to `narrowestSlot`;
    /// past that the chart grows wider and scrolls in its own region.
    static let plotHeight = 220.0, plotWidth = 560.0, widestSlot = 64.0, narrowestSlot = 10.0
    static let top = 18.0, axisRoom = 44.0
    /// How wide a character of a label is drawn (an estimate that errs wide), and how much room
    /// along the axis a label read at 45° needs so that its neighbours do not overlap it.
    static let characterWidth = 6.6, labelRoom = 22.0
    /// The side of the tile that repeats a state's symbol over its segments.
    static let tile = 14.0

    /// The states from the bottom of a bar up, in the order of the matrix's key.
    static var states: [(state: AttestationStatus.State, symbol: String)] {
        AttestationPages.states.map { ($0.state, $0.symbol) }
    }

    func render(into html: inout HTML) {
        let matrix = site.history.matrix
        let total = matrix.rows.count
        // The site's own words: marked English, left to right, on a page in another language.
        let english = site.page.english
        html.element("h2", english, text: "Signatories by state at each revision")
        guard total > 0, !site.revisions.isEmpty else {
            html.element("p", english, text: "No signatories yet: once one is registered, a chart here shows how many stand in each state at each revision.")
            return
        }
        let counts = matrix.counts()
        let revisions = site.revisions, n = revisions.count
        let slot = min(Self.widestSlot, max(Self.narrowestSlot, Self.plotWidth / Double(n)))
        // A bar holds whole tiles of symbols when it is wide enough for one.
        let bar = slot * 0.7 >= Self.tile ? (slot * 0.7 / Self.tile).rounded(.down) * Self.tile : max(4, (slot * 0.7).rounded())
        // Thin the labels until they cannot overlap; the latest revision is always labelled.
        let every = max(1, Int((Self.labelRoom / slot).rounded(.up)))
        let labelled = revisions.indices.filter { (n - 1 - $0) % every == 0 }
        let longest = labelled.map { revisions[$0].label.count + 1 + revisions[$0].date.day.count }.max() ?? 0
        let reach = Double(longest) * Self.characterWidth * 0.7072
        let left = max(Self.axisRoom, Double(String(total).count) * Self.characterWidth + 14, (reach - slot / 2 + 6).rounded(.up))
        let right = left + slot * Double(n)
        let axis = Self.top + Self.plotHeight
        let width = (right + 16).rounded(.up), height = (axis + 16 + reach + 8).rounded(.up)
        func y(_ count: Int) -> Double { axis - Double(count) / Double(total) * Self.plotHeight }

        html.open("figure", [("class", "chart")] + english)
        // The legend stays in view when a wide chart scrolls: the key's marks, in the order the segments stack.
        html.element("ul", [("class", "chart-legend")]) { list in
            for (state, symbol) in Self.states {
                list.element("li") { item in
                    item.element("span", [("class", "cell st-\(state.rawValue)"), ("aria-hidden", "true")], text: symbol)
                    item.text(" " + state.rawValue)
                }
            }
        }
        html.open("div", [("class", "scroll"), ("role", "region"), ("aria-label", "Chart of signatories by state"), ("tabindex", "0")])
        html.open("svg", [("role", "img"), ("aria-labelledby", "standing-caption"), ("width", Self.format(width)),
                          ("height", Self.format(height)), ("viewBox", "0 0 \(Self.format(width)) \(Self.format(height))"),
                          ("xmlns", "http://www.w3.org/2000/svg")])
        html.raw("\n<defs>")
        for (state, symbol) in Self.states {
            let side = Self.format(Self.tile)
            html.open("pattern", [("id", "standing-\(state.rawValue)"), ("patternUnits", "userSpaceOnUse"), ("width", side), ("height", side)])
            html.element("rect", [("class", "bg st-\(state.rawValue)"), ("width", side), ("height", side)], text: "")
            html.element("text", [("class", "mark st-\(state.rawValue)"), ("x", Self.format(Self.tile / 2)), ("y", Self.format(Self.tile * 0.75))], text: symbol)
            html.close("pattern")
        }
        html.raw("</defs>\n")
        // The count axis: a line at each step, and the total at the top.
        html.element("text", [("class", "name"), ("x", Self.format(left)), ("y", "11")], text: "signatories")
        var ticks = Array(stride(from: 0, through: total, by: Self.step(total)))
        if let last = ticks.last, last != total {
            if Double(total - last) / Double(total) * Self.plotHeight < 14 { ticks.removeLast() }
            ticks.append(total)
        }
        for tick in ticks {
            html.element("line", [("class", tick == 0 ? "axis" : "grid"), ("x1", Self.format(left - 4)), ("x2", Self.format(right)),
                                  ("y1", Self.format(y(tick))), ("y2", Self.format(y(tick)))], text: "")
            html.element("text", [("class", "tick"), ("x", Self.format(left - 7)), ("y", Self.format(y(tick) + 4))], text: String(tick))
        }
        html.raw("\n")
        for (position, revision) in revisions.enumerated() {
            let x = left + slot * Double(position) + (slot - bar) / 2
            // The tiles start where whole ones fit the bar, or centre one symbol on a narrow bar.
            let dx = bar >= Self.tile ? 0 : bar / 2 - Self.tile / 2
            html.open("g", [("class", "bar"), ("data-revision", revision.label)])
            var below = 0
            for (state, _) in Self.states {
                guard let count = counts[position][state], count > 0 else { continue }
                // Each segment's tiles are moved to its own box, its whole rows in the middle,
                // so that a symbol is cut as little as can be.
                let top = y(below + count), height = y(below) - top
                let dy = height.truncatingRemainder(dividingBy: Self.tile) / 2
                html.open("rect", [("class", "segment"), ("transform", "translate(\(Self.format(x + dx)) \(Self.format(top + dy)))"),
                                   ("x", Self.format(-dx)), ("y", Self.format(-dy)), ("width", Self.format(bar)),
                                   ("height", Self.format(height)), ("fill", "url(#standing-\(state.rawValue))"),
                                   ("data-state", state.rawValue), ("data-count", String(count))])
                html.element("title", text: "\(revision.label): \(count) \(state.rawValue)")
                html.close("rect")
                below += count
            }
            html.close("g")
        }
        html.raw("\n")
        for position in labelled {
            let x = Self.format(left + slot * (Double(position) + 0.5)), top = Self.format(axis + 12)
            html.element("line", [("class", "axis"), ("x1", x), ("x2", x), ("y1", Self.format(axis)), ("y2", Self.format(axis + 4))], text: "")
            html.element("text", [("class", "label"), ("x", x), ("y", top), ("transform", "rotate(-45 \(x) \(top))")]) { label in
                label.text(revisions[position].label + " ")
                label.element("tspan", [("class", "day")], text: revisions[position].date.day)
            }
        }
        html.raw("\n")
        html.close("svg")
        html.close("div")
        html.element("figcaption", [("id", "standing-caption")], text: caption(counts, total: total, every: every))
        html.close("figure")
        table(counts, total: total, into: &html)
    }

    /// What the chart shows, in words: the figure's accessible name.
    private func caption(_ counts: [[AttestationStatus.State: Int]], total: Int, every: Int) -> String {
        let revisions = site.revisions
        let first = revisions[0], last = revisions[revisions.count - 1]
        let span = revisions.count == 1
            ? "the one revision of main, \(first.label) (\(first.date.day))"
            : "each of the \(revisions.count) revisions of main, \(first.label) (\(first.date.day)) to \(last.label) (\(last.date.day))"
        let latest = Self.states.compactMap { state, _ in counts[revisions.count - 1][state].map { "\($0) \(state.rawValue)" } }
        return "Signatories by state at \(span), as 'conduct status --at' counts them, with expiry judged on \(site.now.day); "
            + "at \(last.label): \(latest.joined(separator: ", ")). One bar per revision, in the order of adoption and evenly "
            + "spaced (not to scale in time); every bar counts \(total == 1 ? "the one registered signatory" : "all \(total) registered signatories") "
            + "(never, at a revision before it attested), stacked from the bottom up in the order of the key."
            + (every > 1 ? " One revision in \(every) is labelled, counting back from the latest." : "")
            + " The table below gives every number."
    }

    /// The chart's numbers as a table: a row per revision, oldest first, as the bars stand.
    private func table(_ counts: [[AttestationStatus.State: Int]], total: Int, into html: inout HTML) {
        html.element("div", [("class", "scroll"), ("role", "region"), ("aria-label", "Signatories by state, as a table"), ("tabindex", "0")]
                     + site.page.english) { scroll in
            scroll.element("table", [("class", "listing tally")]) { table in
                table.element("caption", text: "Signatories by state at each revision, oldest first (the chart's numbers)")
                table.element("thead") { head in
                    head.element("tr") { row in
                        row.element("th", [("scope", "col")], text: "Revision")
                        row.element("th", [("scope", "col")], text: "Adopted")
                        for (state, symbol) in Self.states {
                            row.element("th", [("scope", "col")]) { cell in
                                cell.element("span", [("class", "cell st-\(state.rawValue)"), ("aria-hidden", "true")], text: symbol)
                                cell.text(" " + state.rawValue)
                            }
                        }
                        row.element("th", [("scope", "col")], text: "All")
                    }
                }
                table.element("tbody", [("class", "counts")]) { body in
                    for (position, revision) in site.revisions.enumerated() {
                        body.element("tr", [("data-revision", revision.label)]) { row in
                            row.element("th", [("scope", "row")]) { $0.link(site.revisionLink(position, from: ""), revision.label) }
                            row.element("td", [("class", "date")], text: revision.date.day)
                            for (state, _) in Self.states {
                                row.element("td", [("data-state", state.rawValue)], text: String(counts[position][state] ?? 0))
                            }
                            row.element("td", text: String(total))
                        }
                    }
                }
            }
        }
    }

    /// A step for the count axis: 1, 2 or 5 times a power of ten, five steps or fewer to `total`.
    static func step(_ total: Int) -> Int {
        var power = 1
        while power <= total {
            for factor in [1, 2, 5] where total / (factor * power) <= 5 { return factor * power }
            power *= 10
        }
        return power
    }

    /// A coordinate to a tenth, without a trailing `.0`.
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
