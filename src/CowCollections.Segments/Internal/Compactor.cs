using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Segments.Internal;

/// <summary>
/// Copies the records reachable from one commit into a new file, children before parents, rewriting child
/// offsets. Works on records only (no element codec needed): each record type knows
/// where its child offsets are. Every record is checksum- and type-checked as it is read, so compaction never
/// copies damage silently.
/// </summary>
internal static class Compactor
{
    /// <summary>Writes commit <paramref name="commit"/> (without history) to <paramref name="storage"/>; returns the old→new offset map and the new header (not yet written).</summary>
    public static (Dictionary<long, long> Moved, HeaderSlot Head, CommitRecord Commit) Copy(
        MappedView view, CommitRecord commit, SegmentStorage storage, ulong fileId, IProgress<SegmentCompactionProgress>? progress = null)
    {
        var report = progress is null ? null : new Reporter(progress, commit.End);
        SegmentHead.WriteArea(storage, new HeaderSlot(0, Format.DataStart, 0, commit.TimestampMs, fileId));
        var buffer = new RecordBuffer(storage, Format.DataStart, long.MaxValue);
        var moved = new Dictionary<long, long>();
        var roots = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, offset) in commit.Roots)
        {
            roots[name] = CopyRecord(view, buffer, moved, offset, commit.Offset, depth: 0, report);
        }

        long commitOffset = CommitRecord.Write(buffer, commit.Number, 0, commit.TimestampMs, roots);
        buffer.Flush();
        var head = new HeaderSlot(commit.Number, buffer.Position, commitOffset, commit.TimestampMs, fileId);
        var copied = new CommitRecord(commit.Number, 0, commit.TimestampMs, roots, commitOffset, buffer.Position);
        return (moved, head, copied);
    }

    private static long CopyRecord(MappedView view, RecordBuffer output, Dictionary<long, long> moved, long offset, long limit, int depth, Reporter? report)
    {
        if (moved.TryGetValue(offset, out long done))
        {
            return done;
        }

        if (depth > 16)
        {
            throw new SegmentCorruptException(view.Path, limit, "records nest deeper than the format allows");
        }

        var tag = view.PeekTag(offset, limit);
        var payload = view.Record(offset, tag, limit).ToArray();
        switch (tag)
        {
            case RecordTag.ListRoot when payload.Length >= 24:
                Rewrite(payload, 8, 2, view, output, moved, offset, depth, report);
                break;
            case RecordTag.ListBranch when payload.Length >= 8:
                int n = BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(2));
                if (payload.Length < 8 + (8 * n))
                {
                    throw new SegmentCorruptException(view.Path, offset, "branch child table runs past the record");
                }

                Rewrite(payload, 8, n, view, output, moved, offset, depth, report);
                break;
            case RecordTag.ListLeaf:
                break;
            case RecordTag.DictionaryRoot when payload.Length >= 24:
            case RecordTag.SetRoot when payload.Length >= 24:
                Rewrite(payload, 8, 1, view, output, moved, offset, depth, report);
                break;
            case RecordTag.DictionaryNode when payload.Length >= 24:
                // External children only (node map minus embedded map); embedded children have no record.
                uint external = BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(8)) & ~BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(12));
                int e = System.Numerics.BitOperations.PopCount(external);
                if (payload.Length < 24 + (12 * e))
                {
                    throw new SegmentCorruptException(view.Path, offset, "dictionary node child table runs past the record");
                }

                Rewrite(payload, 24, e, view, output, moved, offset, depth, report);
                break;
            case RecordTag.ArrayRoot when payload.Length == 16:
                Rewrite(payload, 8, 1, view, output, moved, offset, depth, report);
                break;
            case RecordTag.ArrayChunkTable when payload.Length >= 8 && payload.Length == 8 + (8L * BinaryPrimitives.ReadInt32LittleEndian(payload)):
                Rewrite(payload, 8, BinaryPrimitives.ReadInt32LittleEndian(payload), view, output, moved, offset, depth, report);
                break;
            default:
                throw new SegmentCorruptException(view.Path, offset, $"a {tag} record cannot be part of a value");
        }

        long at = output.BeginRecord(tag);
        output.WriteBytes(payload);
        output.EndRecord(at);
        moved[offset] = at;
        report?.Written(output.Position);
        return at;
    }

    /// <summary>Copies the <paramref name="count"/> children whose offsets start at <paramref name="start"/> and patches their new offsets in.</summary>
    private static void Rewrite(byte[] payload, int start, int count, MappedView view, RecordBuffer output, Dictionary<long, long> moved, long parent, int depth, Reporter? report)
    {
        for (int i = 0; i < count; i++)
        {
            var slot = payload.AsSpan(start + (8 * i), 8);
            long child = BinaryPrimitives.ReadInt64LittleEndian(slot);
            if (child == 0)
            {
                continue;
            }

            if (child >= parent)
            {
                throw new SegmentCorruptException(view.Path, parent, $"child at {child} is not before its parent");
            }

            BinaryPrimitives.WriteInt64LittleEndian(slot, CopyRecord(view, output, moved, child, parent, depth + 1, report));
        }
    }

    /// <summary>Reports progress about every mebibyte written, so a large compaction is not slowed by its progress.</summary>
    private sealed class Reporter(IProgress<SegmentCompactionProgress> progress, long sourceBytes)
    {
        private long _next;

        public void Written(long position)
        {
            if (position >= _next)
            {
                progress.Report(new SegmentCompactionProgress(position, sourceBytes));
                _next = position + (1 << 20);
            }
        }
    }
}
