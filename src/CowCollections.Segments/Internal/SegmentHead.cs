using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Segments.Internal;

/// <summary>
/// The header area: creating it in a new file, writing one slot, and choosing the commit to open from the two
/// slots (see docs/segment-format.md, "Header slot" and "Open").
/// </summary>
internal static class SegmentHead
{
    /// <summary>A new random file id (a compacted file gets a new one, so readers notice the swap).</summary>
    public static ulong NewFileId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>Writes the header area of a new, empty file: commit 0 in slot A (no roots), slot B empty, then flushes when asked.</summary>
    public static void Initialize(SegmentStorage storage, bool flush)
    {
        WriteArea(storage, new HeaderSlot(0, Format.DataStart, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NewFileId()));
        if (flush)
        {
            storage.Flush();
        }
    }

    /// <summary>Writes the whole header area (both slots and the zero padding) with <paramref name="head"/> in slot A.</summary>
    public static void WriteArea(SegmentStorage storage, HeaderSlot head)
    {
        var area = new byte[Format.DataStart];
        head.Write(area);
        storage.Write(area, 0);
    }

    /// <summary>Writes the slot of <paramref name="head"/>'s commit; with a fault hook, in two halves with <see cref="FaultPoint.MidHeader"/> between them.</summary>
    public static void WriteSlot(SegmentStorage storage, HeaderSlot head, Action<FaultPoint>? fault)
    {
        Span<byte> slot = stackalloc byte[Format.SlotSize];
        head.Write(slot);
        long at = Format.SlotOffset(head.CommitNumber);
        if (fault is not null)
        {
            storage.Write(slot[..(Format.SlotSize / 2)], at);
            fault(FaultPoint.MidHeader);
        }

        storage.Write(slot, at);
    }

    /// <summary>
    /// For a check: describes damage in the header area of a file opened at <paramref name="opened"/>. The slot that
    /// holds the opened commit is valid; the other slot is fine when valid (an older commit) or never written (all
    /// zeros), and damage otherwise: a slot that fails its checksum, or a valid newer commit the file could not open.
    /// Null when there is nothing to report.
    /// </summary>
    public static string? DescribeDamage(SegmentStorage storage, HeaderSlot opened)
    {
        long otherAt = Format.SlotOffset(opened.CommitNumber + 1);
        Span<byte> other = stackalloc byte[Format.SlotSize];
        other.Clear();
        storage.Read(other, otherAt);
        string slot = otherAt == 0 ? "A" : "B";
        var status = HeaderSlot.TryRead(other, out var head, out string detail);
        if (status == HeaderSlot.Status.Valid)
        {
            return head.CommitNumber > opened.CommitNumber && head.FileId == opened.FileId
                ? $"header slot {slot} (offset {otherAt}) names commit {head.CommitNumber}, which could not be opened; the file opened at commit {opened.CommitNumber}, so commit {head.CommitNumber} is lost"
                : null;
        }

        if (status == HeaderSlot.Status.NoMagic && !other.ContainsAnyExcept((byte)0))
        {
            return null;
        }

        return $"header slot {slot} (offset {otherAt}) is damaged ({detail}); the file opened at commit {opened.CommitNumber} from the other slot, so the commit after it, if that slot held one, is lost";
    }

    /// <summary>
    /// Reads both header slots (plain reads, not through a map), then the file length, picks the valid slot with
    /// the higher commit, maps its committed length and reads its commit record; falls back to the other slot when
    /// that fails. A sealed commit's seal is checked, except for the slot equal to <paramref name="verified"/> (the head a
    /// reader checked when it opened or last refreshed). Every error is a <see cref="SegmentException"/> whose offset is
    /// inside the file (or -1).
    /// </summary>
    public static (HeaderSlot Head, CommitRecord Commit, MappedView View) Load(SegmentStorage storage, HeaderSlot? verified = null)
    {
        string path = storage.Path;

        // The header slots are read before the length. A writer appends its records before it writes the slot
        // that names them, so any slot read here names bytes that were already appended when the length is read
        // after it; reading the length first would let a commit land in between, and a healthy, growing file
        // would look truncated.
        Span<byte> a = stackalloc byte[Format.SlotSize];
        Span<byte> b = stackalloc byte[Format.SlotSize];
        storage.Read(a, 0);
        storage.Read(b, Format.SlotBOffset);
        long length = storage.Length;
        if (length < Format.DataStart)
        {
            // A short file that does not start like a segment file is some other file, not an unfinished segment.
            int have = (int)Math.Min(length, Format.Magic.Length);
            if (!a[..have].SequenceEqual(Format.Magic[..have]))
            {
                throw new SegmentFormatException(path, 0, $"not a segment file (the file is {length} bytes and does not start with the segment magic)");
            }

            throw new SegmentTruncatedException(path, -1, $"incomplete segment: the file is {length} bytes, shorter than the {Format.DataStart}-byte header area (its creation did not complete, or it was truncated)");
        }

        var statusA = HeaderSlot.TryRead(a, out var headA, out string detailA);
        var statusB = HeaderSlot.TryRead(b, out var headB, out string detailB);
        if (statusA == HeaderSlot.Status.Valid && Format.SlotOffset(headA.CommitNumber) != 0)
        {
            (statusA, detailA) = (HeaderSlot.Status.BadFields, "slot A holds an odd commit");
        }

        if (statusB == HeaderSlot.Status.Valid && Format.SlotOffset(headB.CommitNumber) != Format.SlotBOffset)
        {
            (statusB, detailB) = (HeaderSlot.Status.BadFields, "slot B holds an even commit");
        }

        foreach (var (status, detail, at) in new[] { (statusA, detailA, 0L), (statusB, detailB, Format.SlotBOffset) })
        {
            if (status is HeaderSlot.Status.FutureVersion or HeaderSlot.Status.OtherParameters)
            {
                throw new SegmentFormatException(path, at, detail);
            }
        }

        var candidates = new List<(HeaderSlot Head, long Slot)>(2);
        if (statusA == HeaderSlot.Status.Valid)
        {
            candidates.Add((headA, 0));
        }

        if (statusB == HeaderSlot.Status.Valid)
        {
            candidates.Add((headB, Format.SlotBOffset));
        }

        if (candidates.Count == 0)
        {
            if (statusA == HeaderSlot.Status.NoMagic && statusB == HeaderSlot.Status.NoMagic)
            {
                throw new SegmentFormatException(path, 0, "not a segment file (no segment magic in either header slot)");
            }

            throw new SegmentChecksumException(path, 0, $"no valid header slot: the file is damaged or an incomplete segment whose creation did not complete (slot A: {detailA}; slot B: {detailB})");
        }

        if (candidates.Count == 2 && candidates[0].Head.FileId != candidates[1].Head.FileId)
        {
            candidates.RemoveAt(candidates[0].Head.CommitNumber > candidates[1].Head.CommitNumber ? 1 : 0);
        }

        candidates.Sort((x, y) => y.Head.CommitNumber.CompareTo(x.Head.CommitNumber));
        if (length < candidates[0].Head.CommittedLength && !(candidates[0].Head.Sealed && candidates.Count == 2))
        {
            // A commit that flushed its records before its slot cannot be short unless the file was cut. A sealed
            // commit made its growth and its slot durable in one flush, so a power loss may keep the slot alone:
            // that commit did not complete, and the loop below falls back to the commit before it.
            throw new SegmentTruncatedException(path, candidates[0].Slot, $"the file is {length} bytes, but commit {candidates[0].Head.CommitNumber} (header slot at {candidates[0].Slot}) is {candidates[0].Head.CommittedLength} bytes long");
        }

        SegmentException? first = null;
        foreach (var (head, slot) in candidates)
        {
            if (length < head.CommittedLength)
            {
                // The newer slot only when its commit is sealed (an interrupted commit); the older one: a damaged fallback.
                first ??= new SegmentTruncatedException(path, slot, $"the file is {length} bytes, but commit {head.CommitNumber} (header slot at {slot}) is {head.CommittedLength} bytes long");
                continue;
            }

            var view = storage.Map(head.CommittedLength);
            try
            {
                var commit = head.CommitOffset == 0
                    ? CommitRecord.Empty(head.CommitNumber, head.TimestampMs)
                    : CommitRecord.Read(view, head.CommitOffset, head.CommittedLength, head.CommitNumber);
                if (head != verified)
                {
                    CheckSeal(view, head, commit, slot);
                }

                return (head, commit, view);
            }
            catch (SegmentException e)
            {
                first ??= e;
            }
        }

        throw first!;
    }

    /// <summary>
    /// The slot's sealed bit and the commit record agree, and a sealed commit matches its seal (see
    /// <see cref="CommitRecord.VerifySeal"/>). A commit record ends its commit, so a sealed one covers every byte up to
    /// the committed length.
    /// </summary>
    private static void CheckSeal(MappedView view, HeaderSlot head, CommitRecord commit, long slot)
    {
        if (head.Sealed != commit.Seal.HasValue)
        {
            throw new SegmentCorruptException(view.Path, head.Sealed ? commit.Offset : slot, head.Sealed
                ? $"header slot at {slot} says commit {head.CommitNumber} is sealed, but its commit record has no seal"
                : $"commit {head.CommitNumber} is sealed, but its header slot at {slot} does not say so");
        }

        if (head.Sealed && commit.End != head.CommittedLength)
        {
            throw new SegmentCorruptException(view.Path, commit.Offset, $"commit {head.CommitNumber}'s record ends at {commit.End}, but its header slot at {slot} gives a committed length of {head.CommittedLength}");
        }

        commit.VerifySeal(view);
    }
}
