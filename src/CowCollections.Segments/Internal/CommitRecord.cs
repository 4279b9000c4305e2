using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace CowCollections.Segments.Internal;

/// <summary>
/// The root table of one commit (record tag <see cref="RecordTag.Commit"/>): its number, the previous
/// commit's record (the history is a chain back to the first retained commit), a timestamp, and the named
/// roots sorted by ordinal name.
/// <para>Payload: commit u64, previous i64 (0 = none), timestamp i64 (Unix ms), root count i32, flags u32 (zero before
/// version 3), then, when flag bit 0 (sealed) is set, the seal: start i64 (the first byte this commit appended, the
/// committed length of the commit before) and checksum u64 (XxHash3-64 of the bytes from start up to this record);
/// then per root: record offset i64, name length u16, UTF-8 name.</para>
/// </summary>
internal sealed class CommitRecord
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Flag bit 0: the record carries a seal over the commit's other records.</summary>
    private const uint SealedFlag = 1;

    public CommitRecord(ulong number, long previous, long timestampMs, SortedDictionary<string, long> roots, long offset, long end, CommitSeal? seal = null)
    {
        Seal = seal;
        End = end;
        Number = number;
        Previous = previous;
        TimestampMs = timestampMs;
        Roots = roots;
        Offset = offset;
    }

    public ulong Number { get; }

    /// <summary>The seal of a sealed commit (version 3), or null.</summary>
    public CommitSeal? Seal { get; }

    public long Previous { get; }

    public long TimestampMs { get; }

    /// <summary>Name → offset of the root record (list, dictionary or array).</summary>
    public SortedDictionary<string, long> Roots { get; }

    /// <summary>Offset of this record (0 for the empty commit 0, which has no record).</summary>
    public long Offset { get; }

    /// <summary>The first byte after this record: the committed length of this commit.</summary>
    public long End { get; }

    public static CommitRecord Empty(ulong number, long timestampMs) => new(number, 0, timestampMs, new SortedDictionary<string, long>(StringComparer.Ordinal), 0, Format.DataStart);

    /// <summary>Writes the commit record; with <paramref name="seal"/>, sealed over the bytes the commit appended before it.</summary>
    public static long Write(RecordBuffer output, ulong number, long previous, long timestampMs, SortedDictionary<string, long> roots, CommitSeal? seal = null)
    {
        long offset = output.BeginRecord(RecordTag.Commit);
        output.WriteInt64((long)number);
        output.WriteInt64(previous);
        output.WriteInt64(timestampMs);
        output.WriteInt32(roots.Count);
        output.WriteUInt32(seal is null ? 0 : SealedFlag);
        if (seal is { } s)
        {
            output.WriteInt64(s.Start);
            output.WriteInt64((long)s.Checksum);
        }

        foreach (var (name, rootOffset) in roots)
        {
            output.WriteInt64(rootOffset);
            int length = StrictUtf8.GetByteCount(name);
            var span = output.GetSpan(2 + length);
            BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)length));
            StrictUtf8.GetBytes(name, span[2..]);
            output.Advance(2 + length);
        }

        output.EndRecord(offset);
        return offset;
    }

    /// <summary>Reads and validates the commit record at <paramref name="offset"/>, which must be commit <paramref name="expectedNumber"/>.</summary>
    public static CommitRecord Read(MappedView view, long offset, long limit, ulong expectedNumber)
    {
        var p = view.Record(offset, RecordTag.Commit, limit);
        if (p.Length < 32)
        {
            throw Corrupt(view, offset, "commit record shorter than its fixed fields");
        }

        ulong number = BinaryPrimitives.ReadUInt64LittleEndian(p);
        long previous = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        long timestamp = BinaryPrimitives.ReadInt64LittleEndian(p[16..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(p[24..]);
        if (number != expectedNumber)
        {
            throw Corrupt(view, offset, $"commit record says commit {number}, expected {expectedNumber}");
        }

        if (!Format.IsTimestamp(timestamp))
        {
            throw Corrupt(view, offset, $"commit timestamp {timestamp} ms is outside the range of a date");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(p[28..]);
        if ((flags & ~SealedFlag) != 0)
        {
            throw Corrupt(view, offset, $"commit record has unknown flags 0x{flags:x}");
        }

        int fixedLength = 32;
        CommitSeal? seal = null;
        if ((flags & SealedFlag) != 0)
        {
            if (p.Length < 48)
            {
                throw Corrupt(view, offset, "sealed commit record shorter than its seal");
            }

            long start = BinaryPrimitives.ReadInt64LittleEndian(p[32..]);
            if (start < Format.DataStart || start > offset || start % Format.Alignment != 0 || (previous != 0 && previous >= start))
            {
                throw Corrupt(view, offset, $"seal start {start} is not an aligned offset after the previous commit and not after this record");
            }

            seal = new CommitSeal(start, BinaryPrimitives.ReadUInt64LittleEndian(p[40..]));
            fixedLength = 48;
        }

        if (previous != 0 && (previous < Format.DataStart || previous >= offset))
        {
            throw Corrupt(view, offset, $"previous commit offset {previous} is not before this commit");
        }

        if (count < 0 || count > (p.Length - fixedLength) / 10)
        {
            throw Corrupt(view, offset, $"root count {count} does not fit the record");
        }

        var roots = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var rest = p[fixedLength..];
        string? last = null;
        for (int i = 0; i < count; i++)
        {
            if (rest.Length < 10)
            {
                throw Corrupt(view, offset, "root table entry runs past the record");
            }

            long root = BinaryPrimitives.ReadInt64LittleEndian(rest);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(rest[8..]);
            if (rest.Length < 10 + length)
            {
                throw Corrupt(view, offset, "root name runs past the record");
            }

            if (length == 0)
            {
                // The writer refuses an empty name (SegmentCommitBuilder.CheckName), so a file holding one was not
                // written by it: found by the fuzzer as a file that opened but could not be committed to again.
                throw Corrupt(view, offset, "root name is empty");
            }

            string name;
            try
            {
                name = StrictUtf8.GetString(rest.Slice(10, length));
            }
            catch (ArgumentException e)
            {
                throw new SegmentCorruptException(view.Path, offset, "root name is not valid UTF-8", e);
            }

            if (root < Format.DataStart || root >= offset)
            {
                throw Corrupt(view, offset, $"root '{name}' at {root} is not before its commit record");
            }

            if (last is not null && string.CompareOrdinal(last, name) >= 0)
            {
                throw Corrupt(view, offset, "root names are not sorted and unique");
            }

            roots.Add(name, root);
            last = name;
            rest = rest[(10 + length)..];
        }

        if (!rest.IsEmpty)
        {
            throw Corrupt(view, offset, "trailing bytes after the root table");
        }

        return new CommitRecord(number, previous, timestamp, roots, offset, offset + Format.RecordHeaderSize + Format.Align(p.Length) + Format.RecordChecksumSize, seal);
    }

    /// <summary>
    /// For a sealed commit: checks that the bytes it appended before its record still hash to its seal, else throws a
    /// <see cref="SegmentChecksumException"/> at this record (a commit whose single flush a power loss interrupted,
    /// or damage). A commit without a seal passes. O(bytes of the commit), at most <see cref="Format.SealedCommitLimit"/>.
    /// </summary>
    public void VerifySeal(MappedView view)
    {
        if (Seal is not { } seal)
        {
            return;
        }

        if (Offset - seal.Start > Format.SealedCommitLimit)
        {
            throw Corrupt(view, Offset, $"commit {Number} is sealed over {Offset - seal.Start} bytes, more than the {Format.SealedCommitLimit} a sealed commit may have");
        }

        if (view.Checksum(seal.Start, Offset) != seal.Checksum)
        {
            throw new SegmentChecksumException(view.Path, Offset, $"commit {Number} does not match its seal: the bytes it appended from offset {seal.Start} changed or never reached the disk (a commit interrupted by a power loss, or damage)");
        }
    }

    private static SegmentCorruptException Corrupt(MappedView view, long offset, string reason) => new(view.Path, offset, reason);
}

/// <summary>The seal of a commit: where its appended bytes start, and their XxHash3-64.</summary>
internal readonly record struct CommitSeal(long Start, ulong Checksum);
