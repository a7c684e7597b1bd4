import FollowupCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ProgramSupport

/// Why a push stopped, each with the exit status it maps to.
enum CalDAVError: Error, CustomStringConvertible {
    /// No connection, or it broke: nothing is lost, the next push completes this one.
    case unreachable(url: String, detail: String)
    /// 401 or 403: the user or password is wrong.
    case refused(url: String, user: String, status: Int)
    /// Any other answer a push cannot go on from.
    case unexpected(method: String, url: String, status: Int)
    /// The URL answers but is not a calendar collection.
    case notACalendar(url: String)
    /// No password could be had.
    case password(String)

    var description: String {
        switch self {
        case .unreachable(let url, let detail):
            "cannot push to the calendar at \(url): \(detail); check the server and the network, then push again (the next push completes this one)"
        case .refused(let url, let user, let status):
            "the calendar server at \(url) refused user '\(user)' (HTTP \(status)); check the user and the password (--password-command, or FOLLOWUP_CALDAV_PASSWORD)"
        case .unexpected(let method, let url, let status):
            "the calendar server answered \(method) \(url) with HTTP \(status); nothing more was sent, push again later"
        case .notACalendar(let url):
            "\(url) is not a calendar collection; give the URL of a calendar (or of a new one under your calendar home)"
        case .password(let message): message
        }
    }

    var exitStatus: Int32 {
        switch self {
        case .unreachable: ExitStatus.temporaryFailure
        case .refused, .password: ExitStatus.notPermitted
        case .unexpected, .notACalendar: ExitStatus.unavailable
        }
    }
}

/// HTTP for CalDAV through Foundation's URLSession (libcurl underneath), one request at a time.
final class CalDAVClient {
    struct Response {
        var status: Int
        var etag: String?
        var body: Data
    }

    let user: String
    private let authorization: String
    private let session: URLSession
    /// Requests made, by method: what `--json` reports.
    private(set) var requests: [String: Int] = [:]
    /// Runs after every request (the tests' fault hook: stop the server between two requests).
    var afterRequest: ((Int) -> Void)?

    init(user: String, password: String, timeout: TimeInterval) {
        self.user = user
        authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: challenges, delegateQueue: nil)
    }

    /// Answers a server's authentication challenge (a 401 carrying WWW-Authenticate) by giving up:
    /// the credentials were already sent, and without a delegate Foundation on Linux waits forever.
    private final class ChallengeRefuser: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var challenged = Set<Int>()

        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            lock.withLock { _ = challenged.insert(task.taskIdentifier) }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        func wasChallenged(_ task: URLSessionTask) -> Bool { lock.withLock { challenged.contains(task.taskIdentifier) } }
    }

    private let challenges = ChallengeRefuser()

    var requestCount: Int { requests.values.reduce(0, +) }

    func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: String? = nil) throws -> Response {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<Response, Error> = .failure(URLError(.unknown))
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                outcome = .failure(error)
            } else if let http = response as? HTTPURLResponse {
                let etag = http.value(forHTTPHeaderField: "ETag")
                outcome = .success(Response(status: http.statusCode, etag: etag, body: data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        requests[method, default: 0] += 1
        afterRequest?(requestCount)
        switch outcome {
        case .success(let response):
            if response.status == 401 || response.status == 403 {
                throw CalDAVError.refused(url: url.absoluteString, user: user, status: response.status)
            }
            return response
        case .failure where challenges.wasChallenged(task):
            throw CalDAVError.refused(url: url.absoluteString, user: user, status: 401)
        case .failure(let error):
            throw CalDAVError.unreachable(url: url.absoluteString, detail: (error as? URLError).map(CalDAVClient.describe) ?? "\(error)")
        }
    }

    static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .timedOut: "no answer in time"
        case .cannotFindHost: "unknown host"
        case .networkConnectionLost: "the connection was lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "the TLS connection failed (certificate?)"
        default: error.localizedDescription
        }
    }
}
