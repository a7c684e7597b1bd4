import Foundation
import Testing

/// `followup report` end to end: the built executable writes the file, and a real browser,
/// headless Chromium (Debian's `chromium`), loads, draws and prints it with the network blocked.
@Suite("followup report in a browser")
struct ReportCLITests {
    /// A store with three interviews: one open (acme-onsite, thanked late), one closed, and one
    /// whose company is a script tag.
    func populated() throws -> CLI {
        let cli = CLI()
        try cli.setUp()  // acme-onsite, 2 days ago, 45 min, Jane Doe
        try cli.run("log", "thank-you", "acme", "--to", "Jane", "--at", "1d ago")
        // Now, a day after the thank-you: always the next day (Berlin), whatever the time of day.
        try cli.run("log", "next-steps", "acme")  // late: more than 24 h after
        let added = try cli.run("interview", "add", "evil", "--company", "<script>alert(1)</script>", "--role",
                                "\"><img src=x onerror=alert(2)>", "--at", "3d ago", "--interviewer", "Eve")
        #expect(added.status == 0, "\(added.stderr)")
        try cli.run("interview", "add", "globex", "--company", "Globex", "--role", "Backend", "--at", "20d ago",
                    "--interviewer", "Ana Lima")
        try cli.run("log", "check-in", "globex", "--at", "10d ago")
        try cli.run("log", "response", "globex", "--at", "9d ago", "--note", "went with someone else")
        try cli.run("log", "outcome", "globex", "rejected", "--at", "9d ago")
        return cli
    }

    /// Writes the report into the store's directory and returns the file.
    func report(_ cli: CLI, _ extra: [String] = []) throws -> URL {
        let file = cli.store.appendingPathComponent("report-\(UUID().uuidString).html")
        let result = try cli.run(["report", "--out", file.path] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        return file
    }

    @Test("report --out writes exactly what report prints, and Chromium's DOM holds every interview with hostile names as text")
    func domHoldsEveryInterview() throws {
        let cli = try populated()
        let moment = Self.minute(Date())
        let file = try report(cli, ["--now", moment])
        let printed = try cli.run("report", "--now", moment)
        #expect(printed.status == 0)
        #expect(printed.stdout == (try String(contentsOf: file, encoding: .utf8)))

        let dom = try Chromium(cli).run(["--dump-dom"], page: file)
        #expect(dom.status == 0, "\(dom.stderr)")
        for ref in ["acme-onsite", "evil", "globex"] {
            #expect(dom.stdout.contains("<strong>\(ref)</strong>"), "board card of \(ref)")
            #expect(dom.stdout.contains("<h3>\(ref): "), "timeline of \(ref)")
        }
        #expect(dom.stdout.components(separatedBy: "<article class=\"timeline\"").count - 1 == 3)
        #expect(dom.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!dom.stdout.contains("<script"))
        #expect(!dom.stdout.contains("<img"))
        #expect(dom.stdout.contains("late: "))  // next steps, asked two days after the interview
    }

    @Test("a screenshot of the report is not blank, on a desktop and on a phone's width")
    func screenshotIsNotBlank() throws {
        let cli = try populated()
        let file = try report(cli)
        for (width, height) in [(1200, 1600), (390, 1600)] {
            let png = cli.store.appendingPathComponent("shot-\(width).png")
            let shot = try Chromium(cli).run(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(png.path)"],
                                             page: file)
            #expect(shot.status == 0, "\(shot.stderr)")
            let measure = try cli.python("""
                import sys
                from PIL import Image
                image = Image.open(sys.argv[1]).convert("RGB")
                pixels = list(image.getdata())
                colours = len(set(pixels))
                inked = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
                # The page must not be wider than the window: the rightmost column is blank.
                right = [image.getpixel((image.width - 1, y)) for y in range(image.height)]
                print(image.width, image.height, colours, f"{inked:.4f}", sum(1 for p in right if sum(p) < 600))
                """, png.path)
            let fields = measure.split(separator: " ").map(String.init)
            try #require(fields.count == 5, "\(measure)")
            #expect(fields[0] == "\(width)" && fields[1] == "\(height)")
            #expect(Int(fields[2])! >= 40, "distinct colours: \(fields[2])")
            #expect(Double(fields[3])! >= 0.02, "share of inked pixels: \(fields[3])")
            #expect(Int(fields[4].trimmingCharacters(in: .whitespacesAndNewlines))! == 0, "ink at the right edge at \(width) px")
        }
    }

    @Test("printed, each part starts a page: four Letter pages for a small search, more when the record is long")
    func printsToExpectedPages() throws {
        let cli = try populated()
        func pages(_ file: URL) throws -> Int {
            let pdf = cli.store.appendingPathComponent("\(UUID().uuidString).pdf")
            let printed = try Chromium(cli).run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], page: file)
            #expect(printed.status == 0, "\(printed.stderr)")
            let info = try cli.tool("/usr/bin/pdfinfo", [pdf.path])
            #expect(info.contains("(letter)"))
            let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") })
            return try #require(Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)))
        }
        #expect(try pages(try report(cli)) == 4)  // board, how it went, timelines, record

        // A long month of check-ins: the record and the timeline run over more pages.
        for day in 2...60 { try cli.run("log", "note", "acme", "--note", "day \(day)", "--at", "\(day)h ago") }
        for day in 3...40 { try cli.run("log", "check-in", "evil", "--at", "\(day)h ago") }
        #expect(try pages(try report(cli)) > 4)
    }

    @Test("with the network blocked the report loads without a single request; the same check sees a page that fetches")
    func fetchesNothing() throws {
        let cli = try populated()
        let file = try report(cli)
        let html = try String(contentsOf: file, encoding: .utf8)
        // The role holds "src=x" as text; an attribute's value would start with a quote.
        for reference in ["http://", "https://", " src=\"", "@import", "url(", "<link", "<script", "<img"] {
            #expect(!html.contains(reference), "\(reference) in the report")
        }
        #expect(try Chromium(cli).pageRequests(file) == [])

        // The control: the same file with one image from the network is caught.
        let fetching = cli.store.appendingPathComponent("fetching.html")
        try Data(html.replacingOccurrences(of: "<body>", with: "<body><img alt=\"\" src=\"http://example.invalid/x.png\">").utf8)
            .write(to: fetching)
        #expect(try Chromium(cli).pageRequests(fetching) == ["http://example.invalid/x.png"])
    }

    @Test("report refuses a bad date, a period that ends before it starts, and a file it cannot write, changing nothing", arguments: [
        (["report", "--since", "blursday"], 64, "cannot read 'blursday' as a date"),
        (["report", "--since", "2026-11-30", "--until", "2026-11-01"], 64, "--since must be before --until"),
        (["report", "--out", "/nonexistent-directory/report.html"], 74, "cannot write the report to /nonexistent-directory/report.html"),
    ])
    func badInput(arguments: [String], status: Int32, message: String) throws {
        let cli = CLI()
        try cli.setUp()
        try cli.expectRefused(arguments, status: status, message: message)
    }

    @Test("--since and --until bound the record of activity to whole days")
    func periodOfTheRecord() throws {
        let cli = try populated()
        func record(_ since: Date, _ until: Date) throws -> String {
            let bounds = ["--since", String(Self.minute(since).prefix(10)), "--until", String(Self.minute(until).prefix(10))]
            let html = try String(contentsOf: try report(cli, bounds), encoding: .utf8)
            return try #require(html.components(separatedBy: "<h2>Record of activity</h2>").last)
        }
        // The days come from the events themselves, so that midnight passing during the test
        // cannot move them.
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("timeline", "--json").stdout.utf8))
            as? [[String: Any]])
        func occurred(_ type: String) throws -> Date {
            let text = try #require(listed.last { $0["type"] as? String == type }?["occurred"] as? String)
            return try #require(ISO8601DateFormatter().date(from: text))
        }
        // The thank-you's day, all of it: the thank-you logged a day ago, nothing older, nothing of the next day.
        let yesterday = try occurred("thank-you-sent")
        let one = try record(yesterday, yesterday)
        #expect(one.contains("1 entry."))
        #expect(one.contains("<td>thank-you sent</td>"))
        #expect(!one.contains("Globex"))
        // The next steps' day alone: the next steps asked now, nothing from the day before.
        let asked = try occurred("next-steps-asked")
        let today = try record(asked, asked)
        #expect(today.contains("<td>asked about next steps</td>"))
        #expect(!today.contains("thank-you sent"))
    }

    /// `2026-11-29 17:05` in Berlin, the zone the CLI tests run in.
    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Berlin")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// Headless Chromium with its own profile, no background traffic, and every host name
/// resolving to nothing, so that a page can fetch nothing even if it tried.
struct Chromium {
    let profile: URL
    let cli: CLI

    init(_ cli: CLI) {
        self.cli = cli
        profile = cli.store.appendingPathComponent("chromium-\(UUID().uuidString)")
    }

    static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]

    func run(_ arguments: [String], page: URL) throws -> CLI.Result {
        var environment = cli.environment
        environment["HOME"] = cli.store.path
        return try CLI.launch(URL(fileURLWithPath: "/usr/bin/timeout"),
                              ["120", "/usr/bin/chromium"] + Chromium.flags + ["--user-data-dir=\(profile.path)"] + arguments
                                + [page.absoluteString],
                              environment: environment)
    }

    /// The URLs the page itself asked the network for while Chromium loaded it: the requests in
    /// Chromium's network log made on behalf of a file:// page (its own background requests
    /// belong to no page and are left aside).
    func pageRequests(_ page: URL) throws -> [String] {
        let log = cli.store.appendingPathComponent("netlog-\(UUID().uuidString).json")
        let loaded = try run(["--log-net-log=\(log.path)", "--dump-dom"], page: page)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("Record of activity"))  // it did load the page
        let urls = try cli.python("""
            import json, sys
            log = json.load(open(sys.argv[1]))
            names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
            for event in log["events"]:
                params = event.get("params", {})
                if names.get(event["type"]) == "URL_REQUEST_START_JOB" and \
                   params.get("network_isolation_key", "").startswith("file://"):
                    print(params["url"])
            """, log.path)
        return urls.split(separator: "\n").map(String.init)
    }
}

extension CLI {
    /// Runs a Python program with the system's python3 (where python3-pil is installed); its stdout.
    func python(_ program: String, _ arguments: String...) throws -> String {
        try tool("/usr/bin/python3", ["-c", program] + arguments)
    }

    /// Runs a program to completion, requiring it to succeed; its stdout.
    func tool(_ path: String, _ arguments: [String]) throws -> String {
        let result = try CLI.launch(URL(fileURLWithPath: path), arguments, environment: environment)
        try #require(result.status == 0, "\(path) failed: \(result.stderr)")
        return result.stdout
    }
}
