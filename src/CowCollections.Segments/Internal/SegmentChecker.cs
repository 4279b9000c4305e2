using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace CowCollections.Segments.Internal;

/// <summary>One record found by a sequential scan.</summary>
internal readonly record struct RecordInfo(long Offset, RecordTag Tag, int PayloadLength, long End);

/// <summary>
/// The consistency checker (as bbolt's <c>tx.Check</c>): walks the file and every retained commit without
/// knowing the element types, decoding each value fully with an opaque codec that keeps each value's bytes,
/// so every record reachable from any retained commit is checksummed and structurally checked.
/// </summary>
internal static class SegmentChecker
{
    /// <summary>The records of the committed part of the file in file order (they are contiguous from DataStart).</summary>
    public static List<RecordInfo> Scan(SegmentSnapshot snapshot)
    {
        var view = snapshot.Context.View;
        long end = snapshot.Commit.CommittedLength;
        var records = new List<RecordInfo>();
        long at = Format.DataStart;
        while (at < end)
        {
            var tag = view.PeekTag(at, end);
            var payload = view.Record(at, tag, end);
            long next = at + Format.RecordHeaderSize + Format.Align(payload.Length) + Format.RecordChecksumSize;
            records.Add(new RecordInfo(at, tag, payload.Length, next));
            at = next;
        }

        return records;
    }

    /// <summary>Checks every root of every retained commit; returns one line per root. Throws the first <see cref="SegmentException"/>.</summary>
    public static List<string> Verify(SegmentFile file)
    {
        var lines = new List<string>();
        foreach (var info in file.GetCommits())
        {
            var snapshot = file.OpenCommit(info.Number);
            foreach (var name in snapshot.Names)
            {
                var values = ReadOpaque(snapshot, name, out string codecId);
                string kind = snapshot.Context.View.PeekTag(snapshot.Record.Roots[name], snapshot.Record.Offset) == RecordTag.ArrayRoot ? "array of" : "list of";
                lines.Add($"commit {info.Number} root '{name}': {kind} {values.Count} values, codec '{codecId}'");
            }
        }

        return lines;
    }

    /// <summary>
    /// Every value of list <paramref name="name"/> as its encoded bytes, without knowing its type (for an
    /// array: every chunk).
    /// </summary>
    public static PersistentList<byte[]> ReadOpaque(SegmentSnapshot snapshot, string name, out string codecId)
    {
        var view = snapshot.Context.View;
        long offset = snapshot.Record.Roots[name];
        long limit = snapshot.Record.Offset;
        if (view.PeekTag(offset, limit) == RecordTag.ArrayRoot)
        {
            var array = view.Record(offset, RecordTag.ArrayRoot, limit);
            if (array.Length != 16)
            {
                throw new SegmentCorruptException(view.Path, offset, "array root is not 16 bytes");
            }

            limit = offset;
            offset = BinaryPrimitives.ReadInt64LittleEndian(array[8..]);
        }

        return ReadListOpaque(view, offset, limit, out codecId);
    }

    private static PersistentList<byte[]> ReadListOpaque(MappedView view, long offset, long limit, out string codecId)
    {
        var p = view.Record(offset, RecordTag.ListRoot, limit);
        if (p.Length < 24)
        {
            throw new SegmentCorruptException(view.Path, offset, "list root shorter than its fixed fields");
        }

        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(p[6..]);
        long tail = BinaryPrimitives.ReadInt64LittleEndian(p[16..]);
        if (p.Length != 24 + idLength)
        {
            throw new SegmentCorruptException(view.Path, offset, "list root has a bad codec id length");
        }

        codecId = Encoding.UTF8.GetString(p.Slice(24, idLength));
        int fixedSize = 0;
        if (tail != 0)
        {
            var leaf = view.Record(tail, RecordTag.ListLeaf, offset);
            fixedSize = leaf.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(leaf[4..]) : 0;
        }

        var list = ListRecords<byte[]>.ReadList(new ReadContext(view, null), offset, limit, new OpaqueCodec(codecId, fixedSize));
        _ = list.ToArray();
        return list;
    }

    /// <summary>Keeps each value's encoded bytes; accepts any id and size so the checker reads any list.</summary>
    private sealed class OpaqueCodec(string id, int fixedSize) : ISegmentCodec<byte[]>
    {
        public string Id => id;

        public int FixedSize => fixedSize;

        public void Encode(byte[] value, IBufferWriter<byte> destination) => throw new NotSupportedException("The checker only reads.");

        public byte[] Decode(ReadOnlySpan<byte> source) => source.ToArray();
    }
}
