import Crypto
import Foundation

/// One pending item as a CalDAV calendar object resource: a VCALENDAR holding one VEVENT.
public struct CalDAVResource: Equatable, Sendable {
    /// The event's UID (`ICalendarWriter.uid`), stable across pushes.
    public var uid: String
    /// The resource's file name in the collection, in followup's namespace (`isFollowupName`).
    public var name: String
    /// The iCalendar text to PUT.
    public var body: String
    /// SHA-256 of the event without its DTSTAMP: equal hashes mean nothing to send.
    public var contentHash: String
}

/// What followup remembers of an event it put in the calendar.
public struct PushedCalendarEvent: Equatable, Sendable {
    public var name: String
    public var uid: String
    /// The ETag the server returned, nil when it returned none (adopted from the next listing).
    public var etag: String?
    public var contentHash: String

    public init(name: String, uid: String, etag: String?, contentHash: String) {
        self.name = name
        self.uid = uid
        self.etag = etag
        self.contentHash = contentHash
    }
}

/// A change to what is remembered, written after the requests that caused it succeeded.
public enum CalDAVRecord: Equatable, Sendable {
    case pushed(PushedCalendarEvent)
    case forgotten(name: String)
}

extension ICalendarWriter {
    /// Resource names followup writes: `followup-` and the UID's 32 hex digits. Anything else in
    /// the collection belongs to someone else and is never touched.
    public static func isFollowupName(_ name: String) -> Bool {
        guard name.hasPrefix("followup-"), name.hasSuffix(".ics") else { return false }
        let hex = name.dropFirst("followup-".count).dropLast(".ics".count)
        return hex.count == 32 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The item as a calendar object resource (RFC 4791 4.1: one component, no METHOD).
    public func resource(_ item: DueItem) -> CalDAVResource {
        let uid = ICalendarWriter.uid(for: item)
        let eventLines = event(item)
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followup//followup \(productVersion)//EN", "CALSCALE:GREGORIAN"]
            + eventLines + ["END:VCALENDAR"]
        let hashed = eventLines.filter { !$0.hasPrefix("DTSTAMP:") }.joined(separator: "\n")
        return CalDAVResource(
            uid: uid, name: "followup-" + uid.prefix(32) + ".ics",
            body: lines.map(ICalendarWriter.fold).joined(separator: "\r\n") + "\r\n",
            contentHash: SHA256.hash(data: Data(hashed.utf8)).hexString)
    }
}

/// One request of a push.
public enum CalDAVStep: Equatable, Sendable {
    /// PUT a new event (`If-None-Match: *`).
    case create(CalDAVResource)
    /// PUT over the event whose ETag is `ifMatch` (`If-Match`).
    case update(CalDAVResource, ifMatch: String)
    /// DELETE followup's event `name` if its ETag is still `ifMatch`.
    case delete(name: String, ifMatch: String)
}

/// Given the pending items, what was pushed before and what the collection holds now, the
/// requests that make the collection hold exactly the pending items. Pure.
///
/// The policy for an event edited in the calendar (its ETag is not the one followup remembers):
/// the edit is kept, not overwritten, and reported once (`keptEdits`); followup adopts the new
/// ETag and only replaces the event when the item changes again. When the item is done or no
/// longer due the event is deleted all the same: it stands for an item that is not pending.
public struct CalDAVPushPlan: Equatable, Sendable {
    public var steps: [CalDAVStep] = []
    /// Records to write without a request: adopted ETags, events gone from the server.
    public var records: [CalDAVRecord] = []
    /// UIDs of events edited in the calendar and kept as edited.
    public var keptEdits: [String] = []
    public var unchanged = 0

    /// - Parameters:
    ///   - resources: one per pending item.
    ///   - pushed: what followup remembers, by resource name.
    ///   - server: ETags of the collection's resources, by name (only followup's names are read).
    public init(resources: [CalDAVResource], pushed: [String: PushedCalendarEvent], server: [String: String]) {
        var wanted = Set<String>()
        for resource in resources {
            guard wanted.insert(resource.name).inserted else { continue }
            let remembered = pushed[resource.name]
            guard let serverTag = server[resource.name] else {
                // Never pushed, or deleted in the calendar since: the calendar shows what is due.
                steps.append(.create(resource))
                continue
            }
            guard let remembered else {
                // Ours by name but not remembered: a push interrupted after its PUT. Replace it.
                steps.append(.update(resource, ifMatch: serverTag))
                continue
            }
            if remembered.etag == nil || remembered.etag == serverTag {
                if remembered.contentHash == resource.contentHash {
                    unchanged += 1
                    if remembered.etag == nil { records.append(.pushed(adopting(remembered, etag: serverTag))) }
                } else {
                    steps.append(.update(resource, ifMatch: serverTag))
                }
            } else {
                keptEdits.append(resource.uid)
                var adopted = remembered
                adopted.etag = serverTag
                adopted.contentHash = resource.contentHash
                records.append(.pushed(adopted))
            }
        }
        for name in pushed.keys.sorted() where !wanted.contains(name) {
            if let serverTag = server[name] {
                steps.append(.delete(name: name, ifMatch: serverTag))
            } else {
                records.append(.forgotten(name: name))
            }
        }
        for (name, serverTag) in server.sorted(by: { $0.key < $1.key })
        where ICalendarWriter.isFollowupName(name) && !wanted.contains(name) && pushed[name] == nil {
            // Left by an interrupted push for an item no longer pending.
            steps.append(.delete(name: name, ifMatch: serverTag))
        }
    }

    private func adopting(_ event: PushedCalendarEvent, etag: String) -> PushedCalendarEvent {
        var event = event
        event.etag = etag
        return event
    }
}

/// The XML of the WebDAV and CalDAV requests a push makes.
public enum CalDAVRequestBody {
    /// PROPFIND Depth 1 on the collection: each member's ETag, and the collection's type.
    public static let listETags = """
        <?xml version="1.0" encoding="utf-8"?>
        <D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getetag/></D:prop></D:propfind>
        """

    /// MKCALENDAR (RFC 4791 5.3.1): a calendar of events named `displayName`.
    public static func makeCalendar(displayName: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>\
        <D:displayname>\(xmlEscaped(displayName))</D:displayname>\
        <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>\
        </D:prop></D:set></C:mkcalendar>
        """
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A WebDAV multistatus response (RFC 4918 13), read for what a push needs: each response's
/// href, ETag, whether it is a collection, and its status. Namespace prefixes are ignored (servers
/// spell DAV: as `D:`, `d:` or the default namespace). Pure.
public struct CalDAVMultistatus: Equatable, Sendable {
    public struct Response: Equatable, Sendable {
        public var href: String
        public var etag: String?
        public var isCollection = false
        public var isCalendar = false
        /// The response's own status, when it has one instead of properties (e.g. 404).
        public var status: Int?
    }

    public var responses: [Response] = []

    public init(parsing xml: String) throws {
        var current: Response?
        var propstatETag: String?
        var propstatStatus: Int?
        var path: [String] = []
        var text = ""
        var index = xml.startIndex
        while index < xml.endIndex {
            guard let open = xml[index...].firstIndex(of: "<") else { break }
            text += xml[index..<open]
            guard let close = xml[open...].firstIndex(of: ">") else {
                throw StoreError.invalidInput("the server's multistatus response is not well-formed XML")
            }
            index = xml.index(after: close)
            var tag = xml[xml.index(after: open)..<close]
            if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
            let closing = tag.hasPrefix("/")
            if closing { tag = tag.dropFirst() }
            let selfClosing = tag.hasSuffix("/")
            if selfClosing { tag = tag.dropLast() }
            let qualified = tag.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).first ?? ""
            let name = String(qualified.split(separator: ":").last ?? "").lowercased()
            if closing {
                let value = CalDAVMultistatus.unescaped(text).trimmingCharacters(in: .whitespacesAndNewlines)
                switch name {
                case "href" where path.dropLast().last == "response": current?.href = value
                case "getetag": propstatETag = value.isEmpty ? nil : value
                case "status":
                    // "HTTP/1.1 200 OK": the propstat's status, or the whole response's.
                    let code = value.split(separator: " ").dropFirst().first.flatMap { Int($0) }
                    if path.dropLast().last == "propstat" { propstatStatus = code } else { current?.status = code }
                case "propstat":
                    if propstatStatus == 200, let propstatETag { current?.etag = propstatETag }
                    propstatETag = nil
                    propstatStatus = nil
                case "response":
                    if let response = current { responses.append(response) }
                    current = nil
                default: break
                }
                if !path.isEmpty { path.removeLast() }
                text = ""
                continue
            }
            switch name {
            case "response": current = Response(href: "")
            case "collection": if path.last == "resourcetype" { current?.isCollection = true }
            case "calendar": if path.last == "resourcetype" { current?.isCalendar = true }
            default: break
            }
            if !selfClosing { path.append(name) }
            text = ""
        }
    }

    /// The last path segment of an href, percent-decoded: a resource's name in its collection.
    public static func name(of href: String) -> String {
        let path = href.hasSuffix("/") ? String(href.dropLast()) : href
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return last.removingPercentEncoding ?? last
    }

    static func unescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
