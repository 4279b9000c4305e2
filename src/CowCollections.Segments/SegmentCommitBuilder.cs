using System;
using System.Collections.Generic;
using CowCollections.Segments.Internal;

namespace CowCollections.Segments;

/// <summary>
/// Collects the roots of one commit; <see cref="Commit"/> makes them durable together (all or none).
/// Roots not named keep the value of the previous commit. Not thread-safe; use one builder per commit.
/// </summary>
public sealed class SegmentCommitBuilder
{
    private readonly SegmentFile _file;
    private readonly List<(string Name, Func<CommitWriter, long>? Write)> _changes = [];

    internal SegmentCommitBuilder(SegmentFile file) => _file = file;

    /// <summary>Sets root <paramref name="name"/> to <paramref name="list"/>, with the built-in codec of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name (any non-empty, valid UTF-16 string up to 65535 UTF-8 bytes).</param>
    /// <param name="list">The version to commit.</param>
    /// <returns>This builder.</returns>
    public SegmentCommitBuilder SetList<T>(string name, PersistentList<T> list) => SetList(name, list, SegmentCodecs.For<T>());

    /// <summary>Sets root <paramref name="name"/> to <paramref name="list"/>, encoding elements with <paramref name="codec"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name (any non-empty, valid UTF-16 string up to 65535 UTF-8 bytes).</param>
    /// <param name="list">The version to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 65535 UTF-8 bytes or not valid UTF-16, or the codec's id is.</exception>
    public SegmentCommitBuilder SetList<T>(string name, PersistentList<T> list, ISegmentCodec<T> codec)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(list);
        CheckCodec(codec, nameof(codec));
        _changes.Add((name, w => ListRecords<T>.WriteList(w, list, codec)));
        return this;
    }

    /// <summary>Sets root <paramref name="name"/> to <paramref name="array"/>, with the built-in codec of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="array">The version to commit.</param>
    /// <returns>This builder.</returns>
    public SegmentCommitBuilder SetArray<T>(string name, PersistentArray<T> array) => SetArray(name, array, SegmentCodecs.For<T>());

    /// <summary>Sets root <paramref name="name"/> to <paramref name="array"/>, encoding elements with <paramref name="codec"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="array">The version to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 65535 UTF-8 bytes or not valid UTF-16, or the codec's id is.</exception>
    public SegmentCommitBuilder SetArray<T>(string name, PersistentArray<T> array, ISegmentCodec<T> codec)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(array);
        CheckCodec(codec, nameof(codec));
        _changes.Add((name, w => ArrayRecords<T>.WriteArray(w, array, codec)));
        return this;
    }

    /// <summary>Adds or replaces root <paramref name="name"/> with <paramref name="dictionary"/>, using the built-in codecs of its key and value types.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="dictionary">The version to commit.</param>
    /// <returns>This builder.</returns>
    public SegmentCommitBuilder SetDictionary<TKey, TValue>(string name, PersistentDictionary<TKey, TValue> dictionary)
        where TKey : notnull => SetDictionary(name, dictionary, SegmentCodecs.For<TKey>(), SegmentCodecs.For<TValue>());

    /// <summary>
    /// Adds or replaces root <paramref name="name"/> with <paramref name="dictionary"/>, encoding keys and values
    /// with the given codecs.
    /// </summary>
    /// <remarks>
    /// <para>On disk keys are hashed by the format (XxHash3 of their encoding, never <see cref="object.GetHashCode"/>)
    /// and compared by their encoded bytes. A dictionary opened from a file has that comparer
    /// (<see cref="SegmentCodecs.KeyComparer{T}(ISegmentCodec{T})"/>), and committing it or any version derived
    /// from it appends only the nodes not yet in the file.</para>
    /// <para>A dictionary with another key comparer (the default one, say) is converted: the first commit of a
    /// root costs O(n); after that the writer applies only the <c>Diff</c> from the version it last converted
    /// for this root name, so a one-key change still appends one path.</para>
    /// </remarks>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="dictionary">The version to commit.</param>
    /// <param name="keyCodec">The key codec.</param>
    /// <param name="valueCodec">The value codec.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 65535 UTF-8 bytes or not valid UTF-16, or a codec's id is.</exception>
    /// <exception cref="InvalidOperationException">(On <see cref="Commit"/>.) Two keys the dictionary's comparer tells apart have equal encodings.</exception>
    public SegmentCommitBuilder SetDictionary<TKey, TValue>(string name, PersistentDictionary<TKey, TValue> dictionary, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec)
        where TKey : notnull
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(dictionary);
        CheckCodec(keyCodec, nameof(keyCodec));
        CheckCodec(valueCodec, nameof(valueCodec));
        _changes.Add((name, w => DictionaryRecords<TKey, TValue>.WriteDictionary(w, name, dictionary, keyCodec, valueCodec)));
        return this;
    }

    /// <summary>Adds or replaces root <paramref name="name"/> with <paramref name="set"/>, using the built-in codec of its element type.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="set">The version to commit.</param>
    /// <returns>This builder.</returns>
    /// <remarks>See <see cref="SetHashSet{T}(string, PersistentHashSet{T}, ISegmentCodec{T})"/>.</remarks>
    public SegmentCommitBuilder SetHashSet<T>(string name, PersistentHashSet<T> set) => SetHashSet(name, set, SegmentCodecs.For<T>());

    /// <summary>Adds or replaces root <paramref name="name"/> with <paramref name="set"/>, encoding elements with <paramref name="codec"/>.</summary>
    /// <remarks>
    /// <para>Elements are stored as dictionary keys are: hashed by the format (XxHash3 of their encoding) and compared
    /// by their encoded bytes. A set opened from a file has that comparer
    /// (<see cref="SegmentCodecs.KeyComparer{T}(ISegmentCodec{T})"/>), and committing it or any version derived from
    /// it appends only the nodes not yet in the file. A set with another comparer is converted: O(n) the first time,
    /// then by the <c>Diff</c> from the version last converted for this root name.</para>
    /// <para>A null element is stored when <paramref name="codec"/> encodes null and reads it back as null (the
    /// built-in <see cref="SegmentCodecs.String"/> and <see cref="SegmentCodecs.Bytes"/> do).</para>
    /// </remarks>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The root name.</param>
    /// <param name="set">The version to commit.</param>
    /// <param name="codec">The element codec.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 65535 UTF-8 bytes or not valid UTF-16, or the codec's id is; or <paramref name="set"/> holds null and <paramref name="codec"/> cannot encode it.</exception>
    /// <exception cref="InvalidOperationException">(On <see cref="Commit"/>.) Two elements the set's comparer tells apart have equal encodings.</exception>
    public SegmentCommitBuilder SetHashSet<T>(string name, PersistentHashSet<T> set, ISegmentCodec<T> codec)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(set);
        CheckCodec(codec, nameof(codec));
        _ = SetRecords<T>.NullEncoding(name, set, codec, nameof(set));
        _changes.Add((name, w => SetRecords<T>.WriteSet(w, name, set, codec)));
        return this;
    }

    /// <summary>Removes root <paramref name="name"/> from the new commit (older commits keep it until compaction).</summary>
    /// <param name="name">The root name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 65535 UTF-8 bytes or not valid UTF-16.</exception>
    public SegmentCommitBuilder Remove(string name)
    {
        CheckName(name);
        _changes.Add((name, null));
        return this;
    }

    /// <summary>
    /// Appends the records not yet in the file, fsyncs, writes the header slot, fsyncs, and publishes the
    /// commit. O(changed nodes): unchanged subtrees already in the file are not written again.
    /// </summary>
    /// <returns>The new commit.</returns>
    /// <exception cref="System.IO.IOException">Writing failed; the previous commit is still the durable one.</exception>
    public SegmentCommitInfo Commit() => _file.CommitCore(_changes);

    /// <summary>
    /// A root name must survive the round trip through UTF-8 exactly: a string that is not valid UTF-16 (a lone
    /// surrogate) would be written as U+FFFD and read back as another name, so it is refused before anything
    /// is written.
    /// </summary>
    internal static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsValidUtf16(name))
        {
            throw new ArgumentException("A root name must be valid UTF-16 (it contains a lone surrogate), so that it reads back as written.", nameof(name));
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > ushort.MaxValue)
        {
            throw new ArgumentException("A root name is at most 65535 UTF-8 bytes.", nameof(name));
        }
    }

    /// <summary>A codec id is stored in the file and compared when the value is opened: the same rule as names.</summary>
    private static void CheckCodec<T>(ISegmentCodec<T> codec, string parameter)
    {
        ArgumentNullException.ThrowIfNull(codec, parameter);
        string id = codec.Id;
        if (string.IsNullOrEmpty(id) || !IsValidUtf16(id) || System.Text.Encoding.UTF8.GetByteCount(id) > ushort.MaxValue)
        {
            throw new ArgumentException($"Codec id '{id}' must be a non-empty, valid UTF-16 string of at most 65535 UTF-8 bytes.", parameter);
        }
    }

    /// <summary>False when <paramref name="value"/> has a surrogate that is not part of a pair.</summary>
    private static bool IsValidUtf16(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
