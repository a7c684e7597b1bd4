import CCurl
import Foundation
import GitKit

/// Repeats git's discovery request with libcurl, to read the status and text an http(s) server
/// gave when it refused a fetch or push (libgit2 keeps only the status). Same certificate
/// authorities as the sync; the credentials libgit2 had offered, as basic authentication.
public struct CurlDiscoveryProbe: Sendable {
    /// The CA file the sync trusts (SyncCredentials.certificateFile); nil: libcurl's default.
    public let certificateFile: String?
    /// How long the probe may take, in seconds: it only adds words to an error already certain.
    public let timeout: Int
    /// The most of the body kept; servers explain a refusal in a few lines.
    static let bodyLimit = 64 * 1024

    public init(certificateFile: String?, timeout: Int = 10) {
        self.certificateFile = certificateFile
        self.timeout = timeout
    }

    /// The collected body, reached from libcurl's C callback through its context pointer.
    private final class Body {
        var data = Data()
    }

    public func answer(_ request: HTTPDiscoveryRequest) -> HTTPAnswer? {
        var loaded = followup_curl_api()
        guard followup_curl_load(&loaded) == 0 else { return nil }
        let api = loaded
        return withUnsafePointer(to: api) { answer(request, api: $0) }
    }

    private func answer(_ request: HTTPDiscoveryRequest, api: UnsafePointer<followup_curl_api>) -> HTTPAnswer? {
        guard let handle = followup_curl_init(api) else { return nil }
        defer { followup_curl_cleanup(api, handle) }
        let body = Body()
        let context = Unmanaged.passUnretained(body).toOpaque()
        var settings: [CURLcode] = [
            followup_curl_set_string(api, handle, CURLOPT_URL, request.url),
            followup_curl_set_long(api, handle, CURLOPT_NOSIGNAL, 1),
            followup_curl_set_long(api, handle, CURLOPT_TIMEOUT, timeout),
            followup_curl_set_long(api, handle, CURLOPT_FOLLOWLOCATION, 1),
            followup_curl_set_long(api, handle, CURLOPT_MAXREDIRS, 5),
            followup_curl_set_string(api, handle, CURLOPT_USERAGENT, "git/2.0 (followup)"),
            followup_curl_set_pointer(api, handle, CURLOPT_WRITEDATA, context),
            followup_curl_set_write_callback(api, handle) { data, size, count, context in
                guard let data, let context else { return 0 }
                let body = Unmanaged<Body>.fromOpaque(context).takeUnretainedValue()
                let length = size * count
                let room = max(0, CurlDiscoveryProbe.bodyLimit - body.data.count)
                if room > 0 { body.data.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: min(room, length)) }
                return length
            },
        ]
        if let username = request.username, let password = request.password {
            settings += [
                followup_curl_use_basic_auth(api, handle),
                followup_curl_set_string(api, handle, CURLOPT_USERNAME, username),
                followup_curl_set_string(api, handle, CURLOPT_PASSWORD, password),
            ]
        }
        if let certificateFile { settings.append(followup_curl_set_string(api, handle, CURLOPT_CAINFO, certificateFile)) }
        guard settings.allSatisfy({ $0 == CURLE_OK }) else { return nil }
        let performed = withExtendedLifetime(body) { followup_curl_perform(api, handle) }
        guard performed == CURLE_OK else { return nil }
        var status = 0
        var type: UnsafeMutablePointer<CChar>?
        guard followup_curl_get_long(api, handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK, status > 0 else { return nil }
        _ = followup_curl_get_string(api, handle, CURLINFO_CONTENT_TYPE, &type)
        return HTTPAnswer(status: status, contentType: type.map { String(cString: $0) }, body: body.data)
    }
}
