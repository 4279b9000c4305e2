using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace CowCollections.Segments.Internal;

/// <summary>
/// A read-only memory map of the first <see cref="Length"/> bytes of a segment file, with its pointer
/// acquired once.
/// <list type="bullet">
/// <item>The caller has checked that the file is at least <see cref="Length"/> bytes long before mapping
/// (a map beyond the end of a file would fault on access instead of failing).</item>
/// <item>A view never grows: a longer file gets a new view. Lazy nodes hold the view they decode from, so
/// a view lives as long as any value that may still read it; it is unmapped by its finalizer, never while
/// reachable (no use-after-unmap is possible, whatever the caller disposes).</item>
/// <item>Every read goes through <see cref="Record"/>, which bounds-checks, type-checks and checksums one
/// record and returns a span over exactly that record's payload: spans are per record, never over the
/// whole file.</item>
/// </list>
/// </summary>
internal sealed unsafe class MappedView
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _accessor;

    /// <summary>A view over memory instead of a map (a simulated storage): an array on the pinned object heap, which never moves.</summary>
    private readonly byte[]? _pinned;
    private readonly byte* _base;
    private int _released;

    public MappedView(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        Length = length;
        try
        {
            // Capacity 0 = the file's current length (at least `length`, checked by the caller); the view
            // covers only the committed part.
            _map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            _accessor = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* p = null;
            _accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + _accessor.PointerOffset;
        }
        catch
        {
            GC.SuppressFinalize(this);
            _accessor?.Dispose();
            _map?.Dispose();
            throw;
        }
    }

    /// <summary>A view over <paramref name="pinned"/>, allocated with <c>GC.AllocateUninitializedArray(n, pinned: true)</c> and never written again.</summary>
    public MappedView(string path, byte[] pinned, long length)
    {
        GC.SuppressFinalize(this);
        Path = path;
        Length = Math.Min(length, pinned.Length);
        _pinned = pinned;
        _base = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(pinned));
    }

    ~MappedView()
    {
        if (_accessor is not null && System.Threading.Interlocked.Exchange(ref _released, 1) == 0)
        {
            _accessor.SafeMemoryMappedViewHandle.ReleasePointer();
            _accessor.Dispose();
            _map!.Dispose();
        }
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>
    /// The payload of the record at <paramref name="offset"/> after checking that it lies in
    /// [DataStart, <paramref name="limit"/>), is aligned, has tag <paramref name="tag"/> and matches its checksum.
    /// <paramref name="limit"/> is the offset of the record that holds <paramref name="offset"/> (its parent), or
    /// the committed length; every error names a record inside the file (see <see cref="Holder"/>).
    /// </summary>
    public ReadOnlySpan<byte> Record(long offset, RecordTag tag, long limit)
    {
        if (limit > Length)
        {
            limit = Length;
        }

        if (offset < Format.DataStart || offset % Format.Alignment != 0 || offset > limit - Format.RecordHeaderSize - Format.RecordChecksumSize)
        {
            throw new SegmentCorruptException(Path, Holder(offset, limit), $"a {tag} record offset {offset} is outside [{Format.DataStart}, {limit}) or misaligned (children must precede their parents)");
        }

        var head = new ReadOnlySpan<byte>(_base + offset, Format.RecordHeaderSize);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        long padded = Format.Align((long)length);
        if (length > Format.MaxPayload || offset + Format.RecordHeaderSize + padded + Format.RecordChecksumSize > limit)
        {
            throw new SegmentCorruptException(Path, offset, $"a {tag} record of {length} payload bytes runs past its limit {limit}");
        }

        var covered = new ReadOnlySpan<byte>(_base + offset, Format.RecordHeaderSize + (int)padded);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_base + offset + covered.Length, Format.RecordChecksumSize));
        if (stored != Format.Checksum(covered))
        {
            throw new SegmentChecksumException(Path, offset, $"record checksum mismatch (expected a {tag} record)");
        }

        if (head[0] != (byte)tag || head[1] != 0 || head[2] != 0 || head[3] != 0)
        {
            throw new SegmentCorruptException(Path, offset, $"expected a {tag} record, found tag 0x{head[0]:x2}");
        }

        GC.KeepAlive(_pinned);
        return covered.Slice(Format.RecordHeaderSize, (int)length);
    }

    /// <summary>The checksum (XxHash3-64) of the bytes [<paramref name="start"/>, <paramref name="end"/>), which the caller has checked lie in the view and span at most a sealed commit.</summary>
    public ulong Checksum(long start, long end)
    {
        System.Diagnostics.Debug.Assert(start >= 0 && start <= end && end <= Length && end - start <= Format.SealedCommitLimit, "a sealed commit's range inside the view");
        ulong checksum = Format.Checksum(new ReadOnlySpan<byte>(_base + start, (int)(end - start)));
        GC.KeepAlive(_pinned);
        return checksum;
    }

    /// <summary>The tag of the record at <paramref name="offset"/> after the same checks as <see cref="Record"/>, for generic walks.</summary>
    public RecordTag PeekTag(long offset, long limit)
    {
        limit = Math.Min(limit, Length);
        if (offset < Format.DataStart || offset % Format.Alignment != 0 || offset > limit - Format.RecordHeaderSize - Format.RecordChecksumSize)
        {
            throw new SegmentCorruptException(Path, Holder(offset, limit), $"a record offset {offset} is outside [{Format.DataStart}, {limit}) or misaligned (children must precede their parents)");
        }

        return (RecordTag)_base[offset];
    }

    /// <summary>
    /// Where an error about a bad record offset is reported: the record that holds the offset, which is the
    /// limit (children precede their parents); when the limit is the end of the view (the offset came from a
    /// header slot, which is validated, or from a sequential scan), the offset itself, which is then inside the file.
    /// </summary>
    private long Holder(long offset, long limit) => limit < Length ? limit : offset;
}
