using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

/// <summary>
/// An immutable list whose versions share structure: a 32-way relaxed radix balanced (RRB) vector trie
/// with a tail buffer. Every change returns a new list and leaves this one untouched; the two share every
/// node the change did not touch.
/// </summary>
/// <remarks>
/// <para>Costs: indexing O(log32 n) (pure radix on balanced paths, effectively constant); <see cref="Add"/>
/// amortized O(1) (copies the tail, at most 64 elements); <see cref="SetItem"/>, <see cref="Insert"/>,
/// <see cref="RemoveAt"/> O(log n); <see cref="GetRange"/>, <see cref="RemoveRange(int, int)"/>,
/// <see cref="AddRange(PersistentList{T})"/> and <see cref="InsertRange(int, PersistentList{T})"/> O(log n)
/// plus what they add. Lists of up to 64 elements are one flat array.</para>
/// <para>Equality is reference equality (the .NET convention for collections); compare contents with
/// <see cref="SequenceEqual(PersistentList{T}, IEqualityComparer{T})"/>.</para>
/// <para>Thread safety: a list never changes, so any number of threads may read it at once.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(PersistentList), nameof(PersistentList.Create))]
[DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
[DebuggerDisplay("Count = {Count}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed partial class PersistentList<T>
{
    /// <summary>The empty list. O(1), no allocation.</summary>
    public static readonly PersistentList<T> Empty = new(ListCore<T, DefaultGeometry>.Empty);

    private readonly TrieNode? _root;
    private readonly T[] _tail;
    private readonly int _shift;
    private readonly int _count;

    private PersistentList(in ListCore<T, DefaultGeometry> core)
    {
        Debug.Assert(core.Tail.Length == core.TailCount, "a published tail has no spare capacity");
        _root = core.Root;
        _shift = core.Shift;
        _tail = core.Tail;
        _count = core.Count;
    }

    private PersistentList(TrieNode? root, int shift, T[] tail, int count)
    {
        _root = root;
        _shift = shift;
        _tail = tail;
        _count = count;
    }

    internal ListCore<T, DefaultGeometry> Core => new(_root, _shift, _tail, _count);

    internal static PersistentList<T> FromSpan(ReadOnlySpan<T> items) =>
        items.IsEmpty ? Empty : new PersistentList<T>(ListCore<T, DefaultGeometry>.From(items));

    internal static PersistentList<T> FromCore(in ListCore<T, DefaultGeometry> core) =>
        core.Count == 0 ? Empty : new PersistentList<T>(core.Frozen());

    /// <summary>The number of elements. O(1).</summary>
    public int Count => _count;

    /// <summary>The whole list as one span when it is one flat array (at most 64 elements, no tree). O(1).</summary>
    internal bool TryGetFlatSpan(out ReadOnlySpan<T> span)
    {
        if (_root is null)
        {
            span = _tail;
            return true;
        }

        span = default;
        return false;
    }

    /// <summary>True when the list has no elements. O(1).</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>
    /// The element at <paramref name="index"/>. O(log32 n), no allocation: a list of up to 64 elements, and the
    /// last 1..64 elements of any list, are read straight from one array; the rest by a radix descent of one
    /// load per level (a few compares more per level only where inserts, removals or concatenation relaxed it).
    /// </summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var tail = _tail;
            int inTail = index - (_count - tail.Length);
            if ((uint)inTail < (uint)tail.Length)
            {
                return tail[inTail];
            }

            Requires.Index(index, _count);
            return RrbTree<T, DefaultGeometry>.ItemRef(_root!, _shift, index);
        }
    }

    /// <summary>A read-only reference to the element at <paramref name="index"/>, for large structs. O(log32 n), no allocation.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public ref readonly T ItemRef(int index)
    {
        var tail = _tail;
        int inTail = index - (_count - tail.Length);
        if ((uint)inTail < (uint)tail.Length)
        {
            return ref tail[inTail];
        }

        Requires.Index(index, _count);
        return ref RrbTree<T, DefaultGeometry>.ItemRef(_root!, _shift, index);
    }

    /// <summary>
    /// Appends <paramref name="item"/>. Amortized O(1), as Clojure's <c>conj</c>: allocates the new version and a
    /// one-longer copy of the tail (at most 64 elements); once per 64 adds the full tail becomes a leaf as it is
    /// (not copied) and the right edge of the tree is path-copied.
    /// </summary>
    /// <param name="item">The element to append.</param>
    public PersistentList<T> Add(T item)
    {
        var tail = _tail;
        if ((uint)tail.Length < (uint)DefaultGeometry.LeafWidth && _count != int.MaxValue)
        {
            // The common case: the tail has room, so the new version is this tree plus a one-longer tail.
            var grown = new T[tail.Length + 1];
            new ReadOnlySpan<T>(tail).CopyTo(grown);
            grown[^1] = item;
            return new PersistentList<T>(_root, _shift, grown, _count + 1);
        }

        var core = Core;
        core.Add(item);
        return new PersistentList<T>(core);
    }

    /// <summary>
    /// Appends <paramref name="items"/>. O(m + log n) for m items; O(log n) for a <see cref="PersistentList{T}"/>.
    /// On an empty list, a <see cref="PersistentList{T}"/> argument is returned itself and a <see cref="Builder"/>
    /// argument gives its <see cref="Builder.ToImmutable"/>, as <c>ImmutableList&lt;T&gt;.AddRange</c> does.
    /// </summary>
    /// <param name="items">The elements to append.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public PersistentList<T> AddRange(IEnumerable<T> items)
    {
        Requires.NotNull(items);
        if (items is PersistentList<T> list)
        {
            return AddRange(list);
        }

        if (_count == 0 && items is Builder builder)
        {
            // As ImmutableList: the empty list plus a builder is the builder's list, published in O(1).
            return builder.ToImmutable();
        }

        return AddRange(Materialize(items));
    }

    /// <summary>Appends a copy of <paramref name="items"/>. O(m + log n).</summary>
    /// <param name="items">The elements to append.</param>
    /// <remarks>Preferred for a collection expression argument (<c>list.AddRange([1, 2])</c>): it copies the elements once.</remarks>
    [OverloadResolutionPriority(1)]
    public PersistentList<T> AddRange(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return this;
        }

        if (_count == 0)
        {
            return FromSpan(items);
        }

        var core = Core;
        core.AddRange(items);
        return new PersistentList<T>(core);
    }

    /// <summary>Concatenates <paramref name="items"/> after this list, sharing both. O(log n) (at most one 32-wide seam per level).</summary>
    /// <param name="items">The list to append.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public PersistentList<T> AddRange(PersistentList<T> items)
    {
        Requires.NotNull(items);
        if (items._count == 0)
        {
            return this;
        }

        if (_count == 0)
        {
            return items;
        }

        var core = Core;
        core.Concat(items.Core);
        return new PersistentList<T>(core);
    }

    /// <summary>Inserts <paramref name="item"/> before <paramref name="index"/>. O(log n): splits at most one node per level.</summary>
    /// <param name="index">The insertion point, in [0, Count].</param>
    /// <param name="item">The element to insert.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count].</exception>
    public PersistentList<T> Insert(int index, T item)
    {
        Requires.Position(index, _count);
        var core = Core;
        core.Insert(index, item);
        return new PersistentList<T>(core);
    }

    /// <summary>Inserts <paramref name="items"/> before <paramref name="index"/>. O(m + log n).</summary>
    /// <param name="index">The insertion point, in [0, Count].</param>
    /// <param name="items">The elements to insert.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count].</exception>
    public PersistentList<T> InsertRange(int index, IEnumerable<T> items)
    {
        Requires.NotNull(items);
        Requires.Position(index, _count);
        return InsertRange(index, items as PersistentList<T> ?? FromSpan(Materialize(items)));
    }

    /// <summary>Inserts all of <paramref name="items"/> before <paramref name="index"/>, sharing its nodes. O(log n).</summary>
    /// <param name="index">The insertion point, in [0, Count].</param>
    /// <param name="items">The list to insert.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count].</exception>
    public PersistentList<T> InsertRange(int index, PersistentList<T> items)
    {
        Requires.NotNull(items);
        Requires.Position(index, _count);
        if (items._count == 0)
        {
            return this;
        }

        var core = Core;
        core.InsertRange(index, items.Core);
        return FromCore(core);
    }

    /// <summary>Removes the element at <paramref name="index"/>. O(log n): merges at most one node per level.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public PersistentList<T> RemoveAt(int index)
    {
        Requires.Index(index, _count);
        var core = Core;
        core.RemoveAt(index);
        return FromCore(core);
    }

    /// <summary>Removes <paramref name="count"/> elements from <paramref name="index"/>. O(log n).</summary>
    /// <param name="index">The first element to remove.</param>
    /// <param name="count">How many elements to remove.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the list.</exception>
    public PersistentList<T> RemoveRange(int index, int count)
    {
        Requires.Range(index, count, _count);
        if (count == 0)
        {
            return this;
        }

        var core = Core;
        core.RemoveRange(index, count);
        return FromCore(core);
    }

    /// <summary>Removes the first element equal to <paramref name="item"/>; returns this list when there is none. O(n) search + O(log n).</summary>
    /// <param name="item">The element to remove.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public PersistentList<T> Remove(T item, IEqualityComparer<T>? equalityComparer = null)
    {
        int index = IndexOf(item, 0, _count, equalityComparer);
        return index < 0 ? this : RemoveAt(index);
    }

    /// <summary>Removes every element that matches <paramref name="match"/>. O(n); returns this list when nothing matches.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public PersistentList<T> RemoveAll(Predicate<T> match)
    {
        Requires.NotNull(match);
        var kept = new List<T>();
        bool removed = false;
        foreach (var item in this)
        {
            if (match(item))
            {
                removed = true;
            }
            else
            {
                kept.Add(item);
            }
        }

        return removed ? FromSpan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept)) : this;
    }

    /// <summary>Replaces the element at <paramref name="index"/>. O(log n): copies one path (or writes nothing new for the tail copy).</summary>
    /// <param name="index">A zero-based index.</param>
    /// <param name="value">The new element.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public PersistentList<T> SetItem(int index, T value)
    {
        Requires.Index(index, _count);
        var core = Core;
        core.SetItem(index, value);
        return new PersistentList<T>(core);
    }

    /// <summary>Replaces the first element equal to <paramref name="oldValue"/>. O(n) search + O(log n).</summary>
    /// <param name="oldValue">The element to replace.</param>
    /// <param name="newValue">The replacement.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentException"><paramref name="oldValue"/> is not in the list.</exception>
    public PersistentList<T> Replace(T oldValue, T newValue, IEqualityComparer<T>? equalityComparer = null)
    {
        int index = IndexOf(oldValue, 0, _count, equalityComparer);
        if (index < 0)
        {
            throw new ArgumentException("The value is not in the list.", nameof(oldValue));
        }

        return SetItem(index, newValue);
    }

    /// <summary>Index of the first element equal to <paramref name="item"/>, or -1. O(n), leaf by leaf.</summary>
    /// <param name="item">The element to find.</param>
    public int IndexOf(T item) => IndexOf(item, 0, _count, null);

    /// <summary>Index of the first element equal to <paramref name="item"/> in [index, index + count), or -1. O(count).</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="index">Where the search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the list.</exception>
    public int IndexOf(T item, int index, int count, IEqualityComparer<T>? equalityComparer)
    {
        Requires.Range(index, count, _count);
        return Core.IndexOf(item, index, count, equalityComparer ?? EqualityComparer<T>.Default);
    }

    /// <summary>Index of the last element equal to <paramref name="item"/>, or -1. O(n).</summary>
    /// <param name="item">The element to find.</param>
    public int LastIndexOf(T item) => _count == 0 ? -1 : LastIndexOf(item, _count - 1, _count, null);

    /// <summary>Index of the last element equal to <paramref name="item"/> searching backward from <paramref name="index"/> over <paramref name="count"/> elements, or -1. O(count).</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="index">Where the backward search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <returns>The index, or -1; always -1 on an empty list searched over 0 elements from 0 or -1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the list.</exception>
    public int LastIndexOf(T item, int index, int count, IEqualityComparer<T>? equalityComparer) => LastIndexOf(Core, item, index, count, equalityComparer);

    /// <summary>True when an element equals <paramref name="item"/>. O(n).</summary>
    /// <param name="item">The element to find.</param>
    public bool Contains(T item) => IndexOf(item) >= 0;

    /// <summary>True when an element equals <paramref name="item"/> by <paramref name="equalityComparer"/>. O(n).</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public bool Contains(T item, IEqualityComparer<T>? equalityComparer) => IndexOf(item, 0, _count, equalityComparer) >= 0;

    /// <summary>The elements [index, index + count) as a list sharing this one's nodes. O(log n).</summary>
    /// <param name="index">The first element.</param>
    /// <param name="count">How many elements.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the list.</exception>
    public PersistentList<T> GetRange(int index, int count)
    {
        Requires.Range(index, count, _count);
        if (count == _count)
        {
            return this;
        }

        var core = Core;
        core.Slice(index, count);
        return FromCore(core);
    }

    /// <summary>A sorted copy (stable is not guaranteed, as with <see cref="Array.Sort{T}(T[])"/>). O(n log n).</summary>
    public PersistentList<T> Sort() => Sort(Comparer<T>.Default);

    /// <summary>A copy sorted by <paramref name="comparer"/>. O(n log n).</summary>
    /// <param name="comparer">The comparer; null for the default.</param>
    public PersistentList<T> Sort(IComparer<T>? comparer)
    {
        if (_count < 2)
        {
            return this;
        }

        var items = ToArray();
        Array.Sort(items, comparer);
        return FromSpan(items);
    }

    /// <summary>A copy sorted by <paramref name="comparison"/>. O(n log n).</summary>
    /// <param name="comparison">The comparison.</param>
    /// <exception cref="ArgumentNullException"><paramref name="comparison"/> is null.</exception>
    public PersistentList<T> Sort(Comparison<T> comparison)
    {
        Requires.NotNull(comparison);
        if (_count < 2)
        {
            return this;
        }

        var items = ToArray();
        Array.Sort(items, comparison);
        return FromSpan(items);
    }

    /// <summary>A copy in reverse order. O(n).</summary>
    public PersistentList<T> Reverse()
    {
        if (_count < 2)
        {
            return this;
        }

        var items = ToArray();
        Array.Reverse(items);
        return FromSpan(items);
    }

    /// <summary>The empty list. O(1).</summary>
    public PersistentList<T> Clear() => Empty;

    /// <summary>A new array holding the elements. O(n), copied leaf by leaf.</summary>
    public T[] ToArray() => Core.ToArray();

    /// <summary>Copies the elements to <paramref name="destination"/>. O(n).</summary>
    /// <param name="destination">At least <see cref="Count"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < _count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements; {_count} are needed.", nameof(destination));
        }

        Core.CopyTo(destination);
    }

    /// <summary>
    /// True when both lists hold equal elements in the same order. O(1) for the same list; otherwise skips,
    /// by reference, every subtree the two versions share at the same position, so comparing a version with
    /// one derived from it by k edits costs about O(k log n) rather than O(n).
    /// </summary>
    /// <param name="other">The list to compare with.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool SequenceEqual(PersistentList<T> other, IEqualityComparer<T>? equalityComparer = null)
    {
        Requires.NotNull(other);
        if (ReferenceEquals(this, other) || (ReferenceEquals(_root, other._root) && ReferenceEquals(_tail, other._tail) && _count == other._count))
        {
            return true;
        }

        if (_count != other._count)
        {
            return false;
        }

        return ListCore<T, DefaultGeometry>.SequenceEqual(Core, other.Core, equalityComparer ?? EqualityComparer<T>.Default);
    }

    /// <summary>A builder that starts from this list. O(1): nodes are copied only when the builder first writes them.</summary>
    public Builder ToBuilder() => new(this);

    private static ReadOnlySpan<T> Materialize(IEnumerable<T> items) => items switch
    {
        T[] array => array,
        List<T> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => System.Linq.Enumerable.ToArray(items),
    };
}
