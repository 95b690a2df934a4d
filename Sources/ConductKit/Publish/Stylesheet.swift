/// The one stylesheet of a published site, with a print stylesheet. Colours keep a contrast of
/// at least 4.5:1 with their text; no state is told by colour alone (every mark also has a
/// symbol, a line or a word).
enum Stylesheet {
    /// Each state's background and text colour (a contrast of at least 4.5:1): the matrix's
    /// cells and the chart's segments take them from here.
    static let stateColours: [(state: AttestationStatus.State, background: String, text: String)] = [
        (.current, "#d8f0dc", "#0a4a18"), (.currentEditorial, "#e9f5d0", "#3a4a08"), (.stale, "#fde3c0", "#6b3300"),
        (.expired, "#e6e0f3", "#3b2a66"), (.withdrawn, "#e8e8e8", "#333"), (.never, "#fff", "#555"), (.invalid, "#f9d3d3", "#7a0e0e"),
    ]

    static var stateRules: String {
        stateColours.map { state, background, text in
            ".st-\(state.rawValue) { background: \(background); color: \(text); }\n.chart .bg.st-\(state.rawValue) { fill: \(background); }"
        }.joined(separator: "\n")
    }

    static let css = """
        :root { --text: #1b1b1b; --muted: #555; --line: #c8c8c8; --accent: #0b4f8a; --paper: #fff;
          --ins: #0a5d1e; --ins-bg: #e3f4e6; --del: #9b1c1c; --del-bg: #fbe7e7; --quiet: #5c5c5c; }
        * { box-sizing: border-box; }
        html { font-family: Georgia, "DejaVu Serif", serif; color: var(--text); background: var(--paper); line-height: 1.5; }
        body { margin: 0; }
        main, header.site, footer.site { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
        a { color: var(--accent); }
        a:focus-visible { outline: 3px solid #e0a100; outline-offset: 2px; }
        /* Logical properties throughout, so that a right-to-left page mirrors as a whole. */
        .skip { position: absolute; inset-inline-start: -10000px; }
        .skip:focus { position: static; display: block; padding: .5rem; }
        .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
        header.site { border-bottom: 1px solid var(--line); padding-top: .75rem; padding-bottom: .5rem; font-family: system-ui, "DejaVu Sans", sans-serif; }
        .site-title { margin: 0 0 .25rem; font-weight: bold; }
        .site-title a { color: var(--text); text-decoration: none; }
        header.site nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
        header.site nav a[aria-current="page"] { color: var(--text); font-weight: bold; text-decoration-thickness: 3px; }
        nav.languages { margin-top: .35rem; font-size: .9rem; }
        nav.languages ul { gap: .25rem 1rem; }
        footer.site { border-top: 1px solid var(--line); margin-top: 3rem; padding-bottom: 2rem; color: var(--muted); font-size: .9rem; }
        h1, h2, h3, h4, h5, h6 { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.25; }
        .standing, .meta, .what, .key, .clause-links, .facts { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .95rem; }
        .clause-links { color: var(--muted); }
        .contents ul { list-style: none; padding-inline-start: 0; }
        .contents .level-3 { padding-inline-start: 1.5rem; } .contents .level-4 { padding-inline-start: 3rem; }
        .contents .level-5, .contents .level-6 { padding-inline-start: 4.5rem; }
        section.clause:target, section.change:target { outline: 2px solid var(--accent); outline-offset: .5rem; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        .facts dt { font-weight: bold; } .facts dd { margin: 0; }
        .message { white-space: pre-wrap; }
        pre { overflow-x: auto; background: #f4f4f4; padding: .5rem; }
        .pager ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        .aside { font-size: .85rem; font-weight: normal; }

        /* Redlines: substantive changes loud, editorial ones quiet; the marks do not rely on colour. */
        .block { white-space: pre-wrap; }
        .same { color: var(--quiet); }
        ins { text-decoration: underline; text-decoration-thickness: 2px; }
        del { text-decoration: line-through; text-decoration-thickness: 2px; }
        ins.substantive { color: var(--ins); background: var(--ins-bg); }
        del.substantive { color: var(--del); background: var(--del-bg); }
        ins.editorial, del.editorial { color: var(--quiet); background: none; text-decoration-style: dotted; text-decoration-thickness: 1px; }
        ins::before, ins::after, del::before, del::after { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        ins::before { content: " [inserted: "; } del::before { content: " [deleted: "; }
        ins::after, del::after { content: "] "; }
        .change { border-inline-start: 4px solid var(--del); padding-inline-start: 1rem; margin: 1.5rem 0; }
        .change.editorial { border-inline-start: 4px dotted var(--line); }
        .badge { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 .35rem; font-size: .85rem; }
        .badge.substantive { color: var(--del); font-weight: bold; }
        .badge.editorial { color: var(--quiet); }
        .badge.moved { color: var(--accent); font-weight: bold; }
        .change.moved { border-inline-start-color: var(--accent); border-inline-start-style: double; border-inline-start-width: 6px; }

        /* How a translation stands against the current text. */
        .banner { border: 1px solid var(--line); border-inline-start: 6px solid var(--accent); background: #f1f6fb;
          padding: .25rem 1rem; margin: 1rem 0; font-family: system-ui, "DejaVu Sans", sans-serif; }
        .banner.behind { border-inline-start-color: var(--del); background: var(--del-bg); }
        .banner.incomplete:not(.behind) { border-inline-start-style: double; }
        .banner ul { padding-inline-start: 1.5rem; }
        .matrix .lang { display: block; font-size: .75rem; }

        /* Comments. */
        .comment { border: 1px solid var(--line); border-radius: 4px; padding: 0 1rem; margin: 1rem 0; }
        .comment.resolved { color: var(--muted); }
        .replies { margin-inline-start: 1.5rem; }
        .quote { border-inline-start: 3px solid var(--line); margin-inline-start: 0; padding-inline-start: .75rem; font-style: italic; }
        .state.outdated, .state.orphaned { font-weight: bold; }

        /* Tables and the attestation matrix. */
        table { border-collapse: collapse; margin: 1rem 0; }
        caption { text-align: start; font-weight: bold; padding: .25rem 0; }
        th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: start; vertical-align: top; }
        thead th { background: #f0f0f0; }
        td.date { white-space: nowrap; }
        .align-left { text-align: left; } .align-center { text-align: center; }
        .align-right { text-align: right; } .align-justify { text-align: justify; }
        ul.tasks { list-style: none; padding-inline-start: 1.25rem; }
        sup.footnote-ref { line-height: 0; }
        .footnotes { border-top: 1px solid var(--line); margin-top: 1rem; font-size: .9rem; }
        .scroll { overflow-x: auto; }
        .matrix td { text-align: center; min-width: 2.5rem; font-family: "DejaVu Sans", system-ui, sans-serif; }
        .matrix th[scope="row"] { white-space: nowrap; }
        .scroll:focus-visible { outline: 3px solid #e0a100; }
        .matrix th .id { display: block; font-size: .8rem; color: var(--muted); font-family: monospace; }
        .legend { list-style: none; padding: 0; }
        .legend li { margin: .25rem 0; }
        .cell { display: inline-block; min-width: 2rem; text-align: center; border: 1px solid var(--line); font-family: "DejaVu Sans", system-ui, sans-serif; }
        \(stateRules)
        .st-stale, .st-invalid { font-weight: bold; }

        /* The chart of signatories by state: the matrix's colours, its symbols tiled over each segment. */
        figure.chart { margin: 1rem 0; }
        .chart svg { display: block; direction: ltr; font-family: system-ui, "DejaVu Sans", sans-serif; }
        .chart .segment { stroke: #767676; stroke-width: 1; }
        .chart .mark { fill: currentColor; font-size: 9px; text-anchor: middle; font-family: "DejaVu Sans", system-ui, sans-serif; }
        .chart-legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .5rem 0;
          font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .9rem; }
        .chart-legend .cell, table.tally th .cell { min-width: 1.5rem; }
        .chart .grid { stroke: var(--line); stroke-width: 1; }
        .chart .axis { stroke: var(--muted); stroke-width: 1; }
        .chart .tick { font-size: 11px; fill: var(--muted); text-anchor: end; }
        .chart .name { font-size: 11px; fill: var(--muted); }
        .chart .label { font-size: 11px; fill: var(--text); text-anchor: end; }
        .chart .label .day { fill: var(--muted); }
        table.tally { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .9rem; }
        table.tally th, table.tally td { padding: .2rem .4rem; }
        tbody.counts td { text-align: end; font-variant-numeric: tabular-nums; }

        /* The timeline. */
        .timeline svg { max-width: 100%; height: auto; font-family: system-ui, "DejaVu Sans", sans-serif; }
        figure.timeline { margin: 1rem 0; }
        .timeline .lane { font-size: 17px; fill: var(--text); }
        .timeline .year { font-size: 16px; fill: var(--muted); text-anchor: middle; }
        .timeline .lane-line { stroke: var(--line); stroke-width: 1; }
        .timeline .axis { stroke: var(--muted); stroke-width: 1; }
        .timeline .revision { stroke: var(--accent); stroke-width: 2; fill: var(--paper); fill-opacity: .9; }
        .timeline .revision.substantive { fill: var(--accent); }
        .timeline .attestation { fill: #0a5d1e; stroke: #0a5d1e; stroke-width: 1; fill-opacity: .8; }
        .timeline .attestation.withdrawn { fill: var(--paper); stroke: var(--del); }
        figcaption { font-size: .9rem; color: var(--muted); }

        @media print {
          :root { --accent: #000; --muted: #333; --quiet: #444; }
          html { font-size: 11pt; }
          header.site nav, .skip, .clause-links, .pager, .aside { display: none; }
          main, header.site, footer.site { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          ins.substantive, del.substantive { background: none; color: #000; }
          ins.editorial, del.editorial { color: #444; }
          .change, .comment, tr, figure { break-inside: avoid; }
          h1, h2, h3 { break-after: avoid; }
          .scroll { overflow: visible; }
          .matrix td, .cell { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
