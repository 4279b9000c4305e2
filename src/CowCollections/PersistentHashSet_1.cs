using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections;

/// <summary>
/// An immutable hash set whose versions share structure: the dictionary's CHAMP hash trie (32-way, two bitmaps
/// per node, elements stored inline with their hash, canonical compaction on removal, collision nodes for
/// full-hash collisions), holding elements only. Every change returns a new set and leaves this one untouched.
/// </summary>
/// <remarks>
/// <para>Costs: <see cref="Contains"/> O(log32 n), no allocation; <see cref="Add"/> and <see cref="Remove"/> copy
/// one path. <see cref="Union"/>, <see cref="Intersect"/>, <see cref="Except"/>, <see cref="SymmetricExcept"/>,
/// <see cref="SetEquals"/>, <see cref="IsSubsetOf"/> and the other comparisons, given another
/// <see cref="PersistentHashSet{T}"/> with the same comparer, compare the two tries structurally: a subtree both
/// share is skipped or taken whole, never walked, so two versions that differ in d elements cost O(d log32 n)
/// whatever their size. Any other sequence is read once (O(m), built into a trie when the operation needs its
/// distinct elements).</para>
/// <para>Elements may be null, as in <c>HashSet&lt;T&gt;</c> and <c>ImmutableHashSet&lt;T&gt;</c>; a null hashes to
/// 0 without calling the comparer. As in <c>ImmutableHashSet&lt;T&gt;</c>, an element present in both operands keeps
/// this set's stored object, except in <see cref="Intersect"/>, whose result holds the other side's.
/// A comparer that throws leaves every version unchanged. Equality of the set object itself is reference
/// equality; use <see cref="SetEquals"/> for contents.</para>
/// <para>Thread safety: a set never changes, so any number of threads may read it at once.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(PersistentHashSet), nameof(PersistentHashSet.Create))]
[DebuggerTypeProxy(typeof(SequenceDebugView<>))]
[DebuggerDisplay("Count = {Count}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed partial class PersistentHashSet<T>
{
    /// <summary>The empty set with the default comparer. O(1), no allocation.</summary>
    public static readonly PersistentHashSet<T> Empty = new(NewCore(ChampKeys<T>.Normalize(null)));

    /// <summary>The whole state; its owner is always null. Every operation copies it, edits the copy and wraps the result.</summary>
    private readonly ChampCore<T, ChampUnit, ChampDefaultGeometry> _core;

    private PersistentHashSet(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core)
    {
        _core = core;
        _core.Owner = null;
    }

    internal ChampCore<T, ChampUnit, ChampDefaultGeometry> Core => _core;

    internal ChampNode<T, ChampUnit> Root => _core.Root;

    internal IEqualityComparer<T>? EngineComparer => _core.KeyComparer;

    /// <summary>The number of elements. O(1).</summary>
    public int Count => _core.Count;

    /// <summary>True when the set has no elements. O(1).</summary>
    public bool IsEmpty => _core.Count == 0;

    /// <summary>The comparer that decides element equality and hashing. O(1).</summary>
    public IEqualityComparer<T> KeyComparer => ChampKeys<T>.Public(_core.KeyComparer);

    /// <summary>True when <paramref name="item"/> is in the set. O(log32 n), no allocation; no interface call for value types under the default comparer.</summary>
    /// <param name="item">The element (may be null).</param>
    public bool Contains(T item) => _core.ContainsKey(item);

    /// <summary>The stored element equal to <paramref name="equalValue"/> (useful when the comparer ignores case, for example). O(log32 n).</summary>
    /// <param name="equalValue">An element equal to the one sought.</param>
    /// <param name="actualValue">The stored element, or <paramref name="equalValue"/> when absent.</param>
    /// <returns>True when an equal element is present.</returns>
    public bool TryGetValue(T equalValue, out T actualValue) => _core.TryGetKey(equalValue, out actualValue);

    /// <summary>Adds <paramref name="item"/>; returns this set when an equal element is present (which keeps its stored object). O(log32 n): copies one path.</summary>
    /// <param name="item">The element (may be null).</param>
    public PersistentHashSet<T> Add(T item)
    {
        var core = _core;
        core.Set(item, default, ChampSetMode.KeepExisting);
        return With(core.Root, core.Count);
    }

    /// <summary>Removes <paramref name="item"/>; returns this set when it is absent. O(log32 n): copies one path and compacts it canonically.</summary>
    /// <param name="item">The element (may be null).</param>
    public PersistentHashSet<T> Remove(T item)
    {
        var core = _core;
        return core.Remove(item, out _) ? With(core.Root, core.Count) : this;
    }

    /// <summary>The empty set with this set's comparer. O(1).</summary>
    public PersistentHashSet<T> Clear() => _core.Count == 0 ? this : With(ChampNode<T, ChampUnit>.Empty, 0);

    /// <summary>
    /// This set's elements under another comparer. O(1) when it is the current one; otherwise an O(n) rebuild in
    /// which elements that become equal collapse into the first one met.
    /// </summary>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public PersistentHashSet<T> WithComparer(IEqualityComparer<T>? equalityComparer)
    {
        var keys = ChampKeys<T>.Normalize(equalityComparer);
        if (ReferenceEquals(keys, _core.KeyComparer))
        {
            return this;
        }

        var core = NewCore(keys);
        bool changed = false;
        core.AddKeys(this, default, ref changed);
        return new PersistentHashSet<T>(core);
    }

    /// <summary>A builder that starts with this set's elements and shares its nodes until it edits them. O(1).</summary>
    public Builder ToBuilder() => new(this);

    /// <summary>
    /// This set with every element of <paramref name="other"/> added. With another set under the same comparer,
    /// the elements only there are found by the structural diff (shared subtrees skipped) and added to this trie,
    /// so two versions that differ in d elements cost O(d log32 n); an empty set returns the other whole.
    /// Otherwise O(m log32 n). Returns this set when nothing is added.
    /// </summary>
    /// <param name="other">The elements to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public PersistentHashSet<T> Union(IEnumerable<T> other)
    {
        var core = _core;
        return ChampSetAlgebra<T>.UnionWith(ref core, other) ? With(core.Root, core.Count) : this;
    }

    /// <summary>
    /// The elements of this set that are also in <paramref name="other"/>, as <paramref name="other"/>'s stored objects
    /// (the first of equal ones in a sequence), as <c>ImmutableHashSet&lt;T&gt;.Intersect</c>. With another set under the
    /// same comparer, the elements to drop are the structural diff's, so near-equal versions cost O(d log32 n) and the
    /// result shares every untouched subtree with <paramref name="other"/>. A sequence is first built into a set, O(m).
    /// </summary>
    /// <param name="other">The elements to keep.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public PersistentHashSet<T> Intersect(IEnumerable<T> other)
    {
        var core = _core;
        return ChampSetAlgebra<T>.IntersectWith(ref core, other) ? With(core.Root, core.Count) : this;
    }

    /// <summary>
    /// This set without the elements of <paramref name="other"/>. With another set under the same comparer and of
    /// comparable size, what survives is the structural diff's side of this set (O(d log32 n) for near-equal
    /// versions); otherwise each element of <paramref name="other"/> is removed, O(m log32 n).
    /// </summary>
    /// <param name="other">The elements to remove.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public PersistentHashSet<T> Except(IEnumerable<T> other)
    {
        var core = _core;
        return ChampSetAlgebra<T>.ExceptWith(ref core, other) ? With(core.Root, core.Count) : this;
    }

    /// <summary>
    /// The elements in exactly one of this set and <paramref name="other"/>. Both sides' differences come from one
    /// structural diff (a sequence is first built into a set under this comparer, O(m)).
    /// </summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public PersistentHashSet<T> SymmetricExcept(IEnumerable<T> other)
    {
        var core = _core;
        return ChampSetAlgebra<T>.SymmetricExceptWith(ref core, other) ? With(core.Root, core.Count) : this;
    }

    /// <summary>True when this set and <paramref name="other"/> hold the same elements (duplicates in a sequence do not count). O(1) for a shared root or unequal counts of sets, O(d log32 n) between versions.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool SetEquals(IEnumerable<T> other) => ChampSetAlgebra<T>.SetEquals(_core, other);

    /// <summary>True when every element of this set is in <paramref name="other"/>.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsSubsetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSubsetOf(_core, other, proper: false);

    /// <summary>True when every element of this set is in <paramref name="other"/>, which has more.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsProperSubsetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSubsetOf(_core, other, proper: true);

    /// <summary>True when every element of <paramref name="other"/> is in this set.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsSupersetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSupersetOf(_core, other, proper: false);

    /// <summary>True when every element of <paramref name="other"/> is in this set, which has more.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsProperSupersetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSupersetOf(_core, other, proper: true);

    /// <summary>True when this set and <paramref name="other"/> share at least one element.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool Overlaps(IEnumerable<T> other) => ChampSetAlgebra<T>.Overlaps(_core, other);

    /// <summary>
    /// The elements that differ between this (older) version and <paramref name="other"/> (newer): elements only in
    /// <paramref name="other"/> are <see cref="SetChangeKind.Added"/>, elements only here are <see cref="SetChangeKind.Removed"/>.
    /// </summary>
    /// <remarks>
    /// With the same comparer (always the case for versions derived from one another) the walk skips every subtree
    /// the two share by reference: O(d log32 n) for d differing elements, regardless of n. With different comparers,
    /// this set is first re-keyed under <paramref name="other"/>'s (O(n)); applying the changes to that re-keyed set
    /// gives <paramref name="other"/>. The order of the changes is unspecified; each element appears once.
    /// </remarks>
    /// <param name="other">The newer version.</param>
    /// <returns>The changes; empty when the contents are equal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public IReadOnlyList<SetChange<T>> Diff(PersistentHashSet<T> other)
    {
        Requires.NotNull(other);
        var older = ReferenceEquals(_core.KeyComparer, other._core.KeyComparer) ? this : WithComparer(other.KeyComparer);
        ChampSetAlgebra<T>.Changes(older._core.Root, other._core.Root, other._core.KeyComparer, out var added, out var removed);
        var changes = new List<SetChange<T>>(added.Count + removed.Count);
        foreach (var item in removed)
        {
            changes.Add(new SetChange<T>(SetChangeKind.Removed, item));
        }

        foreach (var item in added)
        {
            changes.Add(new SetChange<T>(SetChangeKind.Added, item));
        }

        return changes;
    }

    internal static PersistentHashSet<T> EmptyWith(IEqualityComparer<T>? equalityComparer)
    {
        var keys = ChampKeys<T>.Normalize(equalityComparer);
        return ReferenceEquals(keys, Empty._core.KeyComparer) ? Empty : new PersistentHashSet<T>(NewCore(keys));
    }

    /// <summary>The set over <paramref name="root"/> (of <paramref name="count"/> elements) with <paramref name="comparers"/>' comparer: how a segment reader opens a stored set.</summary>
    internal static PersistentHashSet<T> FromRoot(ChampNode<T, ChampUnit> root, int count, PersistentHashSet<T> comparers) =>
        comparers.With(root, count);

    /// <summary>The set of <paramref name="items"/> (the first of equal elements kept), built in one sorted pass. O(n log n).</summary>
    internal static PersistentHashSet<T> CreateFrom(IEqualityComparer<T>? equalityComparer, IEnumerable<T> items)
    {
        var empty = EmptyWith(equalityComparer);
        var core = empty._core;
        bool changed = false;
        core.AddKeys(items, default, ref changed);
        return empty.With(core.Root, core.Count);
    }

    private static ChampCore<T, ChampUnit, ChampDefaultGeometry> NewCore(IEqualityComparer<T>? keys) =>
        new(ChampNode<T, ChampUnit>.Empty, 0, keys, ChampUnit.Comparer) { NullKeys = true };

    /// <summary>A set with this one's comparer over <paramref name="root"/>; this one when the root is unchanged.</summary>
    private PersistentHashSet<T> With(ChampNode<T, ChampUnit> root, int count)
    {
        if (ReferenceEquals(root, _core.Root))
        {
            return this;
        }

        if (count == 0)
        {
            root = ChampNode<T, ChampUnit>.Empty;
            if (ReferenceEquals(_core.KeyComparer, Empty._core.KeyComparer))
            {
                return Empty;
            }
        }

        var core = _core;
        core.Root = root;
        core.Count = count;
        return new PersistentHashSet<T>(core);
    }
}
