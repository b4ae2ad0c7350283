/// Asks the operating system to back large weight buffers with 2 MiB pages before they are first written.
/// Owns only that advice; never allocates, frees or touches memory, and never fails (the advice is a hint).
///
/// In this virtual machine every 4 KiB page a GEMV streams through costs a TLB miss with a two-level page
/// walk; with transparent huge pages in `madvise` mode a buffer gets 2 MiB pages only if asked before
/// its first write. See Notes/kernels.md, version 10.

#if os(Linux)
import Glibc
#endif

enum LargePages {
    /// 2 MiB, the x86-64 (and common arm64) transparent huge page.
    static let bytes = 2 << 20

    /// Advises huge pages for the whole 2 MiB-aligned pages inside `buffer`; call before writing it.
    /// Buffers under 4 MiB are left alone (too few whole pages to matter).
    static func advise(_ buffer: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= 2 * bytes else { return }
        let start = (Int(bitPattern: buffer) + bytes - 1) / bytes * bytes
        let end = (Int(bitPattern: buffer) + byteCount) / bytes * bytes
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// `bytes` copied into a new array advised as above.
    static func copy(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            advise(buffer.baseAddress!, byteCount: bytes.count)
            _ = buffer.initialize(from: bytes)
            count = bytes.count
        }
    }
}
