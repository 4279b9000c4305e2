using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CowCollections.Segments.Internal;

/// <summary>One record found by a sequential scan.</summary>
internal readonly record struct RecordInfo(long Offset, RecordTag Tag, int PayloadLength, long End);

/// <summary>
/// The consistency checker behind <see cref="SegmentFile.Check(IProgress{SegmentCheckProgress})"/> (as bbolt's
/// <c>tx.Check</c>), and the opaque readers behind <see cref="SegmentSnapshot.GetRootInfo(string)"/> and the encoded
/// enumerations: values are opened without knowing their element types, with opaque codecs that keep each value's
/// bytes, so every record reachable from any retained commit is checksummed and structurally checked.
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

    /// <summary>
    /// Checks the seal of every sealed commit and every root of every retained commit: each value is opened with opaque codecs (its elements or entries
    /// kept as their encoded bytes) and enumerated whole, so every record it reaches is checksummed and checked.
    /// Damage ends the check of that commit only; the others are still checked.
    /// </summary>
    public static SegmentCheckReport Check(SegmentFile file, string? headerProblem, IProgress<SegmentCheckProgress>? progress)
    {
        var infos = file.GetCommits().OrderBy(c => c.Number).ToList();
        var commits = new List<SegmentCommitCheck>(infos.Count);
        long values = 0;

        // Commits share most of their records: each is decoded and checked once, for the first commit that reaches it.
        var memo = new CheckedRecords();
        foreach (var info in infos)
        {
            var roots = new List<SegmentRootInfo>();
            SegmentException? problem = null;
            try
            {
                var snapshot = file.OpenCommit(info.Number);
                var ctx = new ReadContext(snapshot.Context.View, null) { Checked = memo };
                foreach (var name in snapshot.Names)
                {
                    var root = RootInfo(snapshot, name);
                    // Enumerated, not counted: a count would be read from the root without touching the records.
                    if (root.Kind == SegmentRootKind.Dictionary)
                    {
                        foreach (var entry in ReadOpaqueDictionary(snapshot, name, ctx, out _, out _))
                        {
                            values++;
                        }
                    }
                    else if (root.Kind == SegmentRootKind.Set)
                    {
                        foreach (var element in ReadOpaqueSet(snapshot, name, ctx))
                        {
                            values++;
                        }
                    }
                    else if (root.Kind == SegmentRootKind.Array && OpaqueArrayChunks(snapshot, name, ctx) is { } chunks)
                    {
                        // A format 1 array of a custom codec: its elements cannot be split here, but every chunk
                        // record is still reached and checked, and the elements are counted from the root.
                        foreach (var chunk in chunks)
                        {
                        }

                        values += root.Count;
                    }
                    else
                    {
                        foreach (var value in EncodedValues(snapshot, name, ctx))
                        {
                            values++;
                        }
                    }
                    roots.Add(root);
                }

                // After the records, whose own checks name the damaged record: the seal covers every byte the commit
                // appended, so it also catches damage no record reaches.
                snapshot.Record.VerifySeal(snapshot.Context.View);
            }
            catch (SegmentException e)
            {
                problem = e;
            }

            var check = new SegmentCommitCheck(info, roots, problem);
            commits.Add(check);
            progress?.Report(new SegmentCheckProgress(commits.Count, infos.Count, check));
        }

        return new SegmentCheckReport(file.FilePath, headerProblem, commits, values, memo.Decoded);
    }

    /// <summary>The kind, size and codec ids of a root, from its root record (and, for a list, its tail leaf).</summary>
    public static SegmentRootInfo RootInfo(SegmentSnapshot snapshot, string name)
    {
        switch (snapshot.GetKind(name))
        {
            case SegmentRootKind.Dictionary:
            {
                var root = DictionaryRoot.Read(snapshot.Context.View, snapshot.Record.Roots[name], snapshot.Record.Offset);
                return new SegmentRootInfo(name, SegmentRootKind.Dictionary, root.Count, root.ValueCodecId, root.KeyCodecId);
            }

            case SegmentRootKind.Set:
            {
                var root = SetRoot.Read(snapshot.Context.View, snapshot.Record.Roots[name], snapshot.Record.Offset);
                return new SegmentRootInfo(name, SegmentRootKind.Set, root.Count, root.CodecId, null);
            }

            case SegmentRootKind.Array:
            {
                var array = ReadArrayRoot(snapshot, name);
                return new SegmentRootInfo(name, SegmentRootKind.Array, array.Length, array.ElementCodecId, null);
            }

            default:
            {
                var list = OpenListOpaque(new ReadContext(snapshot.Context.View, null), snapshot.Record.Roots[name], snapshot.Record.Offset, out string codecId);
                return new SegmentRootInfo(name, SegmentRootKind.List, list.Count, codecId, null);
            }
        }
    }

    /// <summary>The elements of a list or array root, each as its encoded bytes, in order (a set's in the trie's order); every record is checked as it is reached.</summary>
    public static IEnumerable<byte[]> EncodedValues(SegmentSnapshot snapshot, string name) =>
        EncodedValues(snapshot, name, new ReadContext(snapshot.Context.View, null));

    private static IEnumerable<byte[]> EncodedValues(SegmentSnapshot snapshot, string name, ReadContext ctx)
    {
        var kind = snapshot.GetKind(name);
        if (kind == SegmentRootKind.Dictionary)
        {
            throw new SegmentRootKindException(snapshot.Context.Path, name, SegmentRootKind.List, kind);
        }

        if (kind == SegmentRootKind.Set)
        {
            return ReadOpaqueSet(snapshot, name, ctx);
        }

        if (kind == SegmentRootKind.List)
        {
            return OpenListOpaque(ctx, snapshot.Record.Roots[name], snapshot.Record.Offset, out _);
        }

        var array = ReadArrayRoot(snapshot, name);
        if (ArrayRecords<byte[]>.HasChunkRecords(snapshot.Context, array.Offset, snapshot.Record.Offset))
        {
            // Format 2: each chunk is a leaf record of its elements, which states their size.
            return ArrayRecords<byte[]>.ReadElements(ctx, array.Offset, snapshot.Record.Offset, static (id, size) => new OpaqueCodec(id, size), out _);
        }

        int? size = ElementSize(array.ElementCodecId);
        if (size is null)
        {
            throw new NotSupportedException($"The elements of array '{name}' use codec '{array.ElementCodecId}', whose value size is not known here; only its chunks can be read opaquely.");
        }

        var chunks = OpenListOpaque(ctx, array.Chunks, array.Offset, out _);
        return SplitChunks(snapshot.Context.View, array.Offset, chunks, size.Value);
    }

    /// <summary>
    /// The chunks of a format 1 array root whose element codec does not name its value size, each as its encoded
    /// bytes (every record checked as it is reached); null when the elements can be split (<see cref="EncodedValues(SegmentSnapshot, string)"/>).
    /// </summary>
    private static PersistentList<byte[]>? OpaqueArrayChunks(SegmentSnapshot snapshot, string name, ReadContext ctx)
    {
        var array = ReadArrayRoot(snapshot, name);
        if (ArrayRecords<byte[]>.HasChunkRecords(snapshot.Context, array.Offset, snapshot.Record.Offset) || ElementSize(array.ElementCodecId) is not null)
        {
            return null;
        }

        return OpenListOpaque(ctx, array.Chunks, array.Offset, out _);
    }

    /// <summary>The entries of a dictionary root, keys and values as their encoded bytes, in the trie's order.</summary>
    public static IEnumerable<KeyValuePair<byte[], byte[]>> EncodedEntries(SegmentSnapshot snapshot, string name)
    {
        var kind = snapshot.GetKind(name);
        return kind == SegmentRootKind.Dictionary
            ? ReadOpaqueDictionary(snapshot, name, new ReadContext(snapshot.Context.View, null), out _, out _)
            : throw new SegmentRootKindException(snapshot.Context.Path, name, SegmentRootKind.Dictionary, kind);
    }

    /// <summary>
    /// The encoded size of one value of codec <paramref name="codecId"/>: its fixed size, 0 for a length-prefixed
    /// built-in codec (strings, byte arrays), null for a codec this library does not know.
    /// </summary>
    public static int? ElementSize(string codecId)
    {
        if (BuiltInSizes.TryGetValue(codecId, out int size))
        {
            return size;
        }

        // raw:{type}:{size} and enum:{type}:{size} name their size.
        int colon = codecId.LastIndexOf(':');
        return (codecId.StartsWith("raw:", StringComparison.Ordinal) || codecId.StartsWith("enum:", StringComparison.Ordinal))
            && colon > 0 && int.TryParse(codecId.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) && size > 0
            ? size
            : null;
    }

    private static readonly Dictionary<string, int> BuiltInSizes = BuildSizes();

    private static Dictionary<string, int> BuildSizes()
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add<T>(ISegmentCodec<T> codec) => sizes[codec.Id] = codec.FixedSize;
        Add(SegmentCodecs.Boolean);
        Add(SegmentCodecs.Byte);
        Add(SegmentCodecs.SByte);
        Add(SegmentCodecs.Int16);
        Add(SegmentCodecs.UInt16);
        Add(SegmentCodecs.Int32);
        Add(SegmentCodecs.UInt32);
        Add(SegmentCodecs.Int64);
        Add(SegmentCodecs.UInt64);
        Add(SegmentCodecs.Half);
        Add(SegmentCodecs.Single);
        Add(SegmentCodecs.Double);
        Add(SegmentCodecs.Char);
        Add(SegmentCodecs.Int128);
        Add(SegmentCodecs.UInt128);
        Add(SegmentCodecs.String);
        Add(SegmentCodecs.Bytes);
        Add(SegmentCodecs.Guid);
        Add(SegmentCodecs.DateTime);
        Add(SegmentCodecs.DateTimeOffset);
        Add(SegmentCodecs.Decimal);
        return sizes;
    }

    private readonly record struct ArrayRootInfo(long Offset, int Length, long Chunks, string ElementCodecId);

    private static ArrayRootInfo ReadArrayRoot(SegmentSnapshot snapshot, string name)
    {
        var view = snapshot.Context.View;
        long offset = snapshot.Record.Roots[name];
        var array = view.Record(offset, RecordTag.ArrayRoot, snapshot.Record.Offset);
        if (array.Length != 16)
        {
            throw new SegmentCorruptException(view.Path, offset, "array root is not 16 bytes");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(array);
        long chunks = BinaryPrimitives.ReadInt64LittleEndian(array[8..]);
        if (length < 0 || chunks <= 0 || chunks >= offset)
        {
            throw new SegmentCorruptException(view.Path, offset, "array length is negative or its chunk list is not before it");
        }

        string chunkCodecId = ListRecords<byte[]>.CodecId(new ReadContext(view, null), chunks, offset);
        int colon = chunkCodecId.IndexOf(':', StringComparison.Ordinal);
        if (!chunkCodecId.StartsWith("chunk", StringComparison.Ordinal) || colon < 0)
        {
            throw new SegmentCorruptException(view.Path, chunks, $"the chunk list of the array root at {offset} has codec id '{chunkCodecId}', not chunk{{size}}:{{element codec}}");
        }

        return new ArrayRootInfo(offset, length, chunks, chunkCodecId[(colon + 1)..]);
    }

    /// <summary>Format 1: each chunk is "count u32, then the values": fixed-size values back to back, or u32 length + bytes each.</summary>
    private static IEnumerable<byte[]> SplitChunks(MappedView view, long arrayOffset, IEnumerable<byte[]> chunks, int size)
    {
        foreach (var chunk in chunks)
        {
            if (chunk.Length < 4)
            {
                throw new SegmentCorruptException(view.Path, arrayOffset, "a chunk of the array is shorter than its count");
            }

            int count = BinaryPrimitives.ReadInt32LittleEndian(chunk);
            var data = chunk.AsMemory(4);
            for (int i = 0; i < count; i++)
            {
                int n = size;
                if (size == 0)
                {
                    if (data.Length < 4)
                    {
                        throw new SegmentCorruptException(view.Path, arrayOffset, "a value of an array chunk runs past the chunk");
                    }

                    n = BinaryPrimitives.ReadInt32LittleEndian(data.Span);
                    data = data[4..];
                }

                if (n < 0 || n > data.Length)
                {
                    throw new SegmentCorruptException(view.Path, arrayOffset, "a value of an array chunk runs past the chunk");
                }

                yield return data[..n].ToArray();
                data = data[n..];
            }
        }
    }

    /// <summary>True when root <paramref name="name"/> of the snapshot is a dictionary.</summary>
    public static bool IsDictionary(SegmentSnapshot snapshot, string name) => snapshot.GetKind(name) == SegmentRootKind.Dictionary;

    /// <summary>A dictionary root with its keys and values as their encoded bytes (no codec needed), fully checked when enumerated.</summary>
    public static PersistentDictionary<byte[], byte[]> ReadOpaqueDictionary(SegmentSnapshot snapshot, string name, ReadContext ctx, out string keyCodecId, out string valueCodecId)
    {
        var view = snapshot.Context.View;
        long offset = snapshot.Record.Roots[name];
        var root = DictionaryRoot.Read(view, offset, snapshot.Record.Offset);
        keyCodecId = root.KeyCodecId;
        valueCodecId = root.ValueCodecId;
        return DictionaryRecords<byte[], byte[]>.ReadDictionary(
            ctx, offset, snapshot.Record.Offset, new OpaqueCodec(keyCodecId, root.KeySize), new OpaqueCodec(valueCodecId, root.ValueSize));
    }

    /// <summary>
    /// A set root with its elements as their encoded bytes (no codec needed), fully checked when enumerated: the
    /// element whose bytes are the root's stored null encoding is the null, checked on the hash-0 path.
    /// </summary>
    public static PersistentHashSet<byte[]> ReadOpaqueSet(SegmentSnapshot snapshot, string name, ReadContext ctx)
    {
        var view = snapshot.Context.View;
        long offset = snapshot.Record.Roots[name];
        var root = SetRoot.Read(view, offset, snapshot.Record.Offset);
        var nullEncoding = root.NullEncoding;
        return SetRecords<byte[]>.ReadSet(
            ctx, offset, snapshot.Record.Offset, new OpaqueCodec(root.CodecId, root.ElementSize),
            nullEncoding is null ? null : element => element.AsSpan().SequenceEqual(nullEncoding));
    }

    private static PersistentList<byte[]> OpenListOpaque(ReadContext ctx, long offset, long limit, out string codecId)
    {
        var view = ctx.View;
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

        return ListRecords<byte[]>.ReadList(ctx, offset, limit, new OpaqueCodec(codecId, fixedSize));
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
