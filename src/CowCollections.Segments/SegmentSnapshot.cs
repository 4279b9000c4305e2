using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using CowCollections.Segments.Internal;

namespace CowCollections.Segments;

/// <summary>
/// One commit of a segment file, frozen: the named roots as they were committed. Values opened from it
/// are ordinary persistent collections whose nodes are decoded from the map on first touch.
/// </summary>
/// <remarks>
/// A snapshot never changes; a newer commit is another snapshot (<see cref="SegmentFile.Current"/> after
/// <see cref="SegmentFile.Refresh"/> or a commit). Opening a value is O(1); the same name opened twice
/// from one snapshot returns the same value. Thread-safe.
/// </remarks>
public sealed partial class SegmentSnapshot
{
    private readonly Dictionary<(string Name, Type Type, string Codecs), object> _opened = [];

    internal SegmentSnapshot(ReadContext context, CommitRecord record, long committedLength, ulong fileId)
    {
        Context = context;
        Record = record;
        FileId = fileId;
        Commit = Info(record, committedLength, -1);
    }

    /// <summary>Which commit this is.</summary>
    public SegmentCommitInfo Commit { get; }

    /// <summary>The root names, in ordinal order.</summary>
    public IReadOnlyList<string> Names => Commit.RootNames;

    internal ReadContext Context { get; }

    /// <summary>The random id of the file this commit was read from: a compaction makes a new file, with a new id.</summary>
    internal ulong FileId { get; }

    internal CommitRecord Record { get; }

    /// <summary>True when this commit has a root named <paramref name="name"/>. O(log roots).</summary>
    /// <param name="name">The root name.</param>
    /// <returns>Whether the root exists.</returns>
    public bool Contains(string name) => Record.Roots.ContainsKey(name);

    /// <summary>What root <paramref name="name"/> holds, read from its root record without opening the value. O(1).</summary>
    /// <param name="name">The root name.</param>
    /// <returns>The kind of collection stored under that name.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentException">The root record is damaged or is not a root.</exception>
    public SegmentRootKind GetKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Record.Roots.TryGetValue(name, out long offset)
            ? RootKinds.Read(Context.View, offset, Record.Offset)
            : throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");
    }

    /// <summary>Opens the list <paramref name="name"/> with the built-in codec of <typeparamref name="T"/>. O(1): decodes the root and tail only.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <returns>The list, read lazily from the map.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a list.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public PersistentList<T> GetList<T>(string name) => GetList(name, SegmentCodecs.For<T>());

    /// <summary>Opens the list <paramref name="name"/>, decoding elements with <paramref name="codec"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec (its id must match the one the list was written with).</param>
    /// <returns>The list, read lazily from the map.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a list.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public PersistentList<T> GetList<T>(string name, ISegmentCodec<T> codec) =>
        TryGetList(name, codec, out var list) ? list : throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");

    /// <summary>Opens the list <paramref name="name"/> when it exists. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec.</param>
    /// <param name="list">The list, when found.</param>
    /// <returns>True when the root exists.</returns>
    /// <exception cref="SegmentRootKindException">The root is not a list.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public bool TryGetList<T>(string name, ISegmentCodec<T> codec, [MaybeNullWhen(false)] out PersistentList<T> list)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(codec);
        if (!Record.Roots.TryGetValue(name, out long offset))
        {
            list = null;
            return false;
        }

        RequireKind(name, offset, SegmentRootKind.List);
        list = Open(name, codec.Id, () => ListRecords<T>.ReadList(Context, offset, Record.Offset, codec));
        return true;
    }

    /// <summary>Reads the list <paramref name="name"/> once, in order, without keeping what it decodes. See <see cref="ScanList{T}(string, ISegmentCodec{T})"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <returns>The elements, read from the map as the enumeration reaches them.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a list.</exception>
    public IEnumerable<T> ScanList<T>(string name) => ScanList(name, SegmentCodecs.For<T>());

    /// <summary>
    /// Reads the list <paramref name="name"/> once, in order, straight from its records: an uncached read for scans of
    /// values larger than memory. <see cref="GetList{T}(string, ISegmentCodec{T})"/> gives a list that keeps every node
    /// it decodes for as long as it is reachable; this enumeration builds no node and keeps nothing, so the heap holds
    /// one leaf and one branch record per level however long the list. Each enumeration reads the records again
    /// (O(n) per pass, no random access): use <c>GetList</c> for lookups and repeated reads.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec (its id must match the one the list was written with).</param>
    /// <returns>The elements, read from the map as the enumeration reaches them; valid while the file is open.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a list.</exception>
    /// <remarks>The root and its tail are checked at once; every other record when the enumeration reaches it, with the
    /// same checks as <c>GetList</c>, so a damaged record throws its typed <see cref="SegmentException"/> from
    /// <c>MoveNext</c>.</remarks>
    public IEnumerable<T> ScanList<T>(string name, ISegmentCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(codec);
        if (!Record.Roots.TryGetValue(name, out long offset))
        {
            throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");
        }

        RequireKind(name, offset, SegmentRootKind.List);
        var context = new ReadContext(Context.View, null);
        return ListRecords<T>.Scan(context, offset, Record.Offset, codec);
    }

    /// <summary>Opens the array <paramref name="name"/> with the built-in codec of <typeparamref name="T"/>. O(1): decodes the root and the last chunks only.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <returns>The array, read lazily from the map.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not an array.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public PersistentArray<T> GetArray<T>(string name) => GetArray(name, SegmentCodecs.For<T>());

    /// <summary>Opens the array <paramref name="name"/>, decoding elements with <paramref name="codec"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>The array, read lazily from the map.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not an array.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public PersistentArray<T> GetArray<T>(string name, ISegmentCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(codec);
        if (!Record.Roots.TryGetValue(name, out long offset))
        {
            throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");
        }

        RequireKind(name, offset, SegmentRootKind.Array);
        return Open(name, codec.Id, () => ArrayRecords<T>.ReadArray(Context, offset, Record.Offset, codec));
    }

    /// <summary>Opens root <paramref name="name"/> as a dictionary with the built-in codecs of its key and value types. See <see cref="GetDictionary{TKey, TValue}(string, ISegmentCodec{TKey}, ISegmentCodec{TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <returns>The dictionary.</returns>
    public PersistentDictionary<TKey, TValue> GetDictionary<TKey, TValue>(string name)
        where TKey : notnull => GetDictionary(name, SegmentCodecs.For<TKey>(), SegmentCodecs.For<TValue>());

    /// <summary>
    /// Opens root <paramref name="name"/> as a dictionary: O(1), reads the root node only; other nodes are
    /// decoded when a lookup or an enumeration first reaches them. The result is an ordinary
    /// <see cref="PersistentDictionary{TKey, TValue}"/> whose <see cref="PersistentDictionary{TKey, TValue}.KeyComparer"/>
    /// is the format's (<see cref="SegmentCodecs.KeyComparer{T}(ISegmentCodec{T})"/>: keys equal when their encodings are).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="keyCodec">The key codec the root was written with.</param>
    /// <param name="valueCodec">The value codec the root was written with.</param>
    /// <returns>The dictionary.</returns>
    /// <exception cref="KeyNotFoundException">No root of that name in this commit.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a dictionary.</exception>
    /// <exception cref="SegmentFormatException">The dictionary was written with other codecs.</exception>
    /// <exception cref="SegmentCorruptException">The root's records are malformed.</exception>
    public PersistentDictionary<TKey, TValue> GetDictionary<TKey, TValue>(string name, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec)
        where TKey : notnull =>
        TryGetDictionary(name, keyCodec, valueCodec, out var dictionary) ? dictionary : throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");

    /// <summary>Opens root <paramref name="name"/> as a dictionary if this commit has it. See <see cref="GetDictionary{TKey, TValue}(string, ISegmentCodec{TKey}, ISegmentCodec{TValue})"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="keyCodec">The key codec the root was written with.</param>
    /// <param name="valueCodec">The value codec the root was written with.</param>
    /// <param name="dictionary">The dictionary, when found.</param>
    /// <returns>True when the commit has a root of that name.</returns>
    /// <exception cref="SegmentRootKindException">The root is not a dictionary.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with other codecs.</exception>
    public bool TryGetDictionary<TKey, TValue>(string name, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec, [MaybeNullWhen(false)] out PersistentDictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(keyCodec);
        ArgumentNullException.ThrowIfNull(valueCodec);
        if (!Record.Roots.TryGetValue(name, out long offset))
        {
            dictionary = null;
            return false;
        }

        RequireKind(name, offset, SegmentRootKind.Dictionary);
        dictionary = Open(name, DictionaryRecords<TKey, TValue>.PairId(keyCodec, valueCodec), () => DictionaryRecords<TKey, TValue>.ReadDictionary(Context, offset, Record.Offset, keyCodec, valueCodec));
        return true;
    }

    /// <summary>Opens root <paramref name="name"/> as a set with the built-in codec of its element type. See <see cref="GetHashSet{T}(string, ISegmentCodec{T})"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <returns>The set.</returns>
    /// <exception cref="KeyNotFoundException">No root of that name in this commit.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a set.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public PersistentHashSet<T> GetHashSet<T>(string name) => GetHashSet(name, SegmentCodecs.For<T>());

    /// <summary>
    /// Opens root <paramref name="name"/> as a set: O(1), reads the root node only; other nodes are decoded when a
    /// lookup or an enumeration first reaches them. The result is an ordinary <see cref="PersistentHashSet{T}"/>
    /// whose <see cref="PersistentHashSet{T}.KeyComparer"/> is the format's
    /// (<see cref="SegmentCodecs.KeyComparer{T}(ISegmentCodec{T})"/>: elements equal when their encodings are).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec the root was written with.</param>
    /// <returns>The set.</returns>
    /// <exception cref="KeyNotFoundException">No root of that name in this commit.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a set.</exception>
    /// <exception cref="SegmentFormatException">The set was written with another codec.</exception>
    /// <exception cref="SegmentCorruptException">The root's records are malformed.</exception>
    public PersistentHashSet<T> GetHashSet<T>(string name, ISegmentCodec<T> codec) =>
        TryGetHashSet(name, codec, out var set) ? set : throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");

    /// <summary>Opens root <paramref name="name"/> as a set if this commit has it. See <see cref="GetHashSet{T}(string, ISegmentCodec{T})"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="codec">The element codec the root was written with.</param>
    /// <param name="set">The set, when found.</param>
    /// <returns>True when the commit has a root of that name.</returns>
    /// <exception cref="SegmentRootKindException">The root is not a set.</exception>
    /// <exception cref="SegmentException">The root is damaged, or was written with another codec.</exception>
    public bool TryGetHashSet<T>(string name, ISegmentCodec<T> codec, [MaybeNullWhen(false)] out PersistentHashSet<T> set)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(codec);
        if (!Record.Roots.TryGetValue(name, out long offset))
        {
            set = null;
            return false;
        }

        RequireKind(name, offset, SegmentRootKind.Set);
        set = Open(name, SetRecords<T>.PairId(codec), () => SetRecords<T>.ReadSet(Context, offset, Record.Offset, codec));
        return true;
    }

    private void RequireKind(string name, long offset, SegmentRootKind wanted)
    {
        var actual = RootKinds.Read(Context.View, offset, Record.Offset);
        if (actual != wanted)
        {
            throw new SegmentRootKindException(Context.Path, name, wanted, actual);
        }
    }

    /// <summary>
    /// The value of root <paramref name="name"/> opened with codecs <paramref name="codecs"/>: one instance per
    /// snapshot for a reader (so its decoded nodes are shared by every caller); a writer's snapshot opens anew
    /// each time (its values register their nodes in the writer's node table).
    /// </summary>
    private TValue Open<TValue>(string name, string codecs, Func<TValue> read)
        where TValue : class
    {
        var key = (name, typeof(TValue), codecs);
        lock (_opened)
        {
            if (Context.Table is null && _opened.TryGetValue(key, out var cached))
            {
                return (TValue)cached;
            }

            var value = read();
            if (Context.Table is null)
            {
                _opened[key] = value;
            }

            return value;
        }
    }

    internal static SegmentCommitInfo Info(CommitRecord record, long committedLength, long bytesAppended) =>
        new((long)record.Number, DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampMs), committedLength, bytesAppended, record.Roots.Keys.ToArray());
}
