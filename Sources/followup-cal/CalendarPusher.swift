import FollowupCore
import Foundation

/// What one push did.
struct PushReport {
    var created = 0
    var updated = 0
    var deleted = 0
    var unchanged = 0
    var madeCalendar = false
    /// UIDs of events edited in the calendar, kept as edited (docs/cli.md, "calendar push").
    var keptEdits: [String] = []
    /// Requests not done because the event changed on the server in the meantime.
    var conflicts = 0
    var requests: [String: Int] = [:]

    var json: JSONValue {
        .object([
            "created": .int(Int64(created)), "updated": .int(Int64(updated)), "deleted": .int(Int64(deleted)),
            "unchanged": .int(Int64(unchanged)), "madeCalendar": .bool(madeCalendar),
            "keptEdits": .array(keptEdits.map(JSONValue.string)), "conflicts": .int(Int64(conflicts)),
            "requests": .object(requests.mapValues { .int(Int64($0)) }),
            "requestCount": .int(Int64(requests.values.reduce(0, +))),
        ])
    }

    var text: String {
        var line = "calendar: \(created) created, \(updated) updated, \(deleted) deleted, \(unchanged) unchanged"
        if madeCalendar { line += " (calendar created)" }
        return line + "; \(requests.values.reduce(0, +)) HTTP requests"
    }
}

/// Makes the collection hold exactly the pending items: list, plan (`CalDAVPushPlan`), send.
/// What succeeded is recorded even when a later request fails, so the next push goes on from there.
struct CalendarPusher {
    let store: FollowupStore
    let target: CalendarTarget
    let client: CalDAVClient

    func push(items: [DueItem], writer: ICalendarWriter) throws -> PushReport {
        guard let collection = URL(string: target.url) else { throw CalDAVError.notACalendar(url: target.url) }
        var report = PushReport()
        var records: [CalDAVRecord] = []
        defer { try? store.recordCalendarPush(records) }
        let server = try listing(collection, report: &report)
        let plan = CalDAVPushPlan(resources: items.map(writer.resource), pushed: try store.pushedCalendarEvents(), server: server)
        records += plan.records
        report.unchanged = plan.unchanged
        report.keptEdits = plan.keptEdits
        for step in plan.steps {
            switch step {
            case .create(let resource), .update(let resource, _):
                var headers = ["Content-Type": "text/calendar; charset=utf-8"]
                if case .update(_, let tag) = step { headers["If-Match"] = tag } else { headers["If-None-Match"] = "*" }
                let url = collection.appendingPathComponent(resource.name)
                let response = try client.send("PUT", url, headers: headers, body: resource.body)
                switch response.status {
                case 200..<300:
                    records.append(.pushed(PushedCalendarEvent(name: resource.name, uid: resource.uid, etag: response.etag,
                                                               contentHash: resource.contentHash)))
                    if case .create = step { report.created += 1 } else { report.updated += 1 }
                case 412:
                    // Changed on the server between the listing and this PUT: the next push sees it.
                    report.conflicts += 1
                default:
                    throw CalDAVError.unexpected(method: "PUT", url: url.absoluteString, status: response.status)
                }
            case .delete(let name, let tag):
                let url = collection.appendingPathComponent(name)
                let response = try client.send("DELETE", url, headers: ["If-Match": tag])
                switch response.status {
                case 200..<300, 404, 410:
                    records.append(.forgotten(name: name))
                    report.deleted += 1
                case 412: report.conflicts += 1
                default: throw CalDAVError.unexpected(method: "DELETE", url: url.absoluteString, status: response.status)
                }
            }
        }
        report.requests = client.requests
        return report
    }

    /// The ETags of followup's events in the collection, made first (MKCALENDAR) if it is missing.
    private func listing(_ collection: URL, report: inout PushReport) throws -> [String: String] {
        let response = try client.send("PROPFIND", collection, headers: ["Depth": "1", "Content-Type": "application/xml; charset=utf-8"],
                                       body: CalDAVRequestBody.listETags)
        if response.status == 404 {
            let made = try client.send("MKCALENDAR", collection, headers: ["Content-Type": "application/xml; charset=utf-8"],
                                       body: CalDAVRequestBody.makeCalendar(displayName: "followup"))
            guard made.status == 201 else { throw CalDAVError.unexpected(method: "MKCALENDAR", url: collection.absoluteString, status: made.status) }
            report.madeCalendar = true
            return [:]
        }
        guard response.status == 207 else {
            throw CalDAVError.unexpected(method: "PROPFIND", url: collection.absoluteString, status: response.status)
        }
        let multistatus = try CalDAVMultistatus(parsing: String(decoding: response.body, as: UTF8.self))
        let ownPath = collection.path.hasSuffix("/") ? String(collection.path.dropLast()) : collection.path
        var etags: [String: String] = [:]
        for member in multistatus.responses {
            let path = (member.href.removingPercentEncoding ?? member.href)
            let isSelf = (URL(string: path)?.path ?? path).trimmingSuffix("/") == ownPath
            if isSelf {
                guard member.isCalendar else { throw CalDAVError.notACalendar(url: collection.absoluteString) }
                continue
            }
            let name = CalDAVMultistatus.name(of: member.href)
            if ICalendarWriter.isFollowupName(name), let etag = member.etag { etags[name] = etag }
        }
        return etags
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
