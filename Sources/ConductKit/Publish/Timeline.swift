/// The timeline of revisions and attestations as inline SVG: one lane each, years along the
/// bottom. The figure carries its own text alternative (an `aria-label`, a `<title>` per
/// mark and a caption); the same facts stand in tables beside it.
struct Timeline {
    struct Mark {
        var time: Int64
        var label: String
        var style: String
    }

    var revisions: [Mark]
    var attestations: [Mark]

    static let width = 960, height = 175, left = 120, right = 20
    static let revisionLane = 45, attestationLane = 95, axis = 135

    func render(into html: inout HTML) {
        // Times from a store written by hand may be anything: keep them within years 1 to 9999.
        let times = (revisions + attestations).map { Timeline.clamp($0.time) }
        guard let first = times.min(), let last = times.max() else { return }
        let start = first - 86_400 * 10, end = max(last, first + 86_400) + 86_400 * 10
        let span = Double(end - start)
        let plot = Double(Timeline.width - Timeline.left - Timeline.right)
        func x(_ time: Int64) -> String { format(Double(Timeline.left) + Double(Timeline.clamp(time) - start) / span * plot) }

        let summary = "Timeline from \(Timestamp(seconds: first).day) to \(Timestamp(seconds: last).day): "
            + "\(revisions.count) revision\(revisions.count == 1 ? "" : "s") adopted and "
            + "\(attestations.count) attestation\(attestations.count == 1 ? "" : "s") or withdrawal\(attestations.count == 1 ? "" : "s")."
        html.open("figure", [("class", "timeline")])
        html.open("svg", [("role", "img"), ("aria-label", summary), ("viewBox", "0 0 \(Timeline.width) \(Timeline.height)"),
                          ("width", "100%"), ("preserveAspectRatio", "xMinYMin meet"), ("xmlns", "http://www.w3.org/2000/svg")])
        html.element("title", text: summary)
        html.raw("\n")
        // Lanes and axis.
        for (lane, name) in [(Timeline.revisionLane, "Revisions"), (Timeline.attestationLane, "Attestations")] {
            html.element("text", [("x", "4"), ("y", String(lane + 4)), ("class", "lane")], text: name)
            html.open("line", [("x1", String(Timeline.left)), ("x2", String(Timeline.width - Timeline.right)),
                               ("y1", String(lane)), ("y2", String(lane)), ("class", "lane-line")])
            html.close("line")
        }
        html.open("line", [("x1", String(Timeline.left)), ("x2", String(Timeline.width - Timeline.right)),
                           ("y1", String(Timeline.axis)), ("y2", String(Timeline.axis)), ("class", "axis")])
        html.close("line")
        let years = Timeline.yearStarts(from: start, to: end)
        let step = max(1, years.count / 12)
        for (index, year) in years.enumerated() where index % step == 0 {
            html.open("line", [("x1", x(year.time)), ("x2", x(year.time)), ("y1", String(Timeline.axis)),
                               ("y2", String(Timeline.axis + 6)), ("class", "axis")])
            html.close("line")
            html.element("text", [("x", x(year.time)), ("y", String(Timeline.axis + 24)), ("class", "year")], text: String(year.year))
        }
        html.raw("\n")
        // Many marks are drawn smaller, so that bunches stay readable as bunches.
        let radius = revisions.count > 100 ? "3" : "6"
        for mark in revisions {
            html.open("circle", [("cx", x(mark.time)), ("cy", String(Timeline.revisionLane)), ("r", radius), ("class", mark.style)])
            html.element("title", text: mark.label)
            html.close("circle")
        }
        html.raw("\n")
        for mark in attestations {
            let cx = x(mark.time)
            html.open("path", [("d", "M\(cx) \(Timeline.attestationLane - 7) l6 12 h-12 z"), ("class", mark.style)])
            html.element("title", text: mark.label)
            html.close("path")
        }
        html.raw("\n")
        html.close("svg")
        html.element("figcaption") { caption in
            caption.text(summary + " ")
            caption.text("Circles are revisions (filled: substantive, hollow: editorial); triangles are attestations "
                         + "(hollow: withdrawn). The tables on this site list the same events.")
        }
        html.close("figure")
    }

    static func clamp(_ time: Int64) -> Int64 { min(max(time, -62_135_596_800), 253_402_300_799) }

    private func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The first second of every year between two times.
    static func yearStarts(from start: Int64, to end: Int64) -> [(year: Int, time: Int64)] {
        guard let first = Int(Timestamp(seconds: start).day.prefix(4)), let last = Int(Timestamp(seconds: end).day.prefix(4)) else { return [] }
        return (first...max(first, last)).map { ($0, daysFromCivil(year: $0, month: 1, day: 1) * 86_400) }
            .filter { $0.1 >= start && $0.1 <= end }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
