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
                if (IsDictionary(snapshot, name))
                {
                    var entries = ReadOpaqueDictionary(snapshot, name, out string keyId, out string valueId);
                    int seen = 0;
                    foreach (var entry in entries)
                    {
                        seen++;
                    }

                    lines.Add($"commit {info.Number} root '{name}': dictionary of {seen} entries, codecs '{keyId}' -> '{valueId}'");
                    continue;
                }

                var values = ReadOpaque(snapshot, name, out string codecId);
                string kind = snapshot.GetKind(name) == SegmentRootKind.Array ? "array of" : "list of";
                lines.Add($"commit {info.Number} root '{name}': {kind} {values.Count} values, codec '{codecId}'");
            }
        }

        return lines;
    }

    /// <summary>True when root <paramref name="name"/> of the snapshot is a dictionary.</summary>
    public static bool IsDictionary(SegmentSnapshot snapshot, string name) => snapshot.GetKind(name) == SegmentRootKind.Dictionary;

    /// <summary>A dictionary root with its keys and values as their encoded bytes (no codec needed), fully checked when enumerated.</summary>
    public static PersistentDictionary<byte[], byte[]> ReadOpaqueDictionary(SegmentSnapshot snapshot, string name, out string keyCodecId, out string valueCodecId)
    {
        var view = snapshot.Context.View;
        long offset = snapshot.Record.Roots[name];
        var root = DictionaryRoot.Read(view, offset, snapshot.Record.Offset);
        keyCodecId = root.KeyCodecId;
        valueCodecId = root.ValueCodecId;
        return DictionaryRecords<byte[], byte[]>.ReadDictionary(
            new ReadContext(view, null), offset, snapshot.Record.Offset, new OpaqueCodec(keyCodecId, root.KeySize), new OpaqueCodec(valueCodecId, root.ValueSize));
    }

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

        // The identity: hashing an opaque key hashes exactly the bytes its real codec wrote.
        public void Encode(byte[] value, IBufferWriter<byte> destination)
        {
            value.CopyTo(destination.GetSpan(value.Length));
            destination.Advance(value.Length);
        }

        public byte[] Decode(ReadOnlySpan<byte> source) => source.ToArray();
    }
}
