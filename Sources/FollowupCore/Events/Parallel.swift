import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores, for CPU-bound work on large batches
    /// (parsing and signature checks of events arriving from other replicas).
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count >= 256 else { return map(transform) }
        let chunkSize = 128
        let chunks = (count + chunkSize - 1) / chunkSize
        var results = [Result?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each index is written by exactly one chunk, so the writes never overlap.
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for index in chunk * chunkSize..<Swift.min(count, (chunk + 1) * chunkSize) {
                    base[index] = transform(self[index])
                }
            }
        }
        return results.map { $0! }
    }
}
