using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using CowCollections.Internal;

namespace CowCollections;

/// <remarks>
/// The mutable interfaces (<see cref="ISet{T}"/>, <see cref="ICollection{T}"/>) are implemented explicitly and
/// read-only: their mutating members throw <see cref="NotSupportedException"/>, as on <c>ImmutableHashSet&lt;T&gt;</c>.
/// The non-generic <see cref="ICollection"/> is synchronized (the set never changes; <c>SyncRoot</c> is the set).
/// </remarks>
public sealed partial class PersistentHashSet<T> : IImmutableSet<T>, IReadOnlySet<T>, ISet<T>, ICollection
{
    bool ICollection<T>.IsReadOnly => true;

    bool ICollection.IsSynchronized => true;

    object ICollection.SyncRoot => this;

    /// <summary>Copies the elements to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where to start writing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
    /// <exception cref="ArgumentException">The array is too short.</exception>
    public void CopyTo(T[] array, int arrayIndex)
    {
        Requires.CopyTarget(array, arrayIndex, _core.Count);
        foreach (var item in this)
        {
            array[arrayIndex++] = item;
        }
    }

    void ICollection.CopyTo(Array array, int index) => NonGeneric.CopyTo(this, _core.Count, array, index);

    IImmutableSet<T> IImmutableSet<T>.Add(T value) => Add(value);

    IImmutableSet<T> IImmutableSet<T>.Clear() => Clear();

    IImmutableSet<T> IImmutableSet<T>.Except(IEnumerable<T> other) => Except(other);

    IImmutableSet<T> IImmutableSet<T>.Intersect(IEnumerable<T> other) => Intersect(other);

    IImmutableSet<T> IImmutableSet<T>.Remove(T value) => Remove(value);

    IImmutableSet<T> IImmutableSet<T>.SymmetricExcept(IEnumerable<T> other) => SymmetricExcept(other);

    IImmutableSet<T> IImmutableSet<T>.Union(IEnumerable<T> other) => Union(other);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    bool ISet<T>.Add(T item) => throw ReadOnly();

    void ISet<T>.ExceptWith(IEnumerable<T> other) => throw ReadOnly();

    void ISet<T>.IntersectWith(IEnumerable<T> other) => throw ReadOnly();

    void ISet<T>.SymmetricExceptWith(IEnumerable<T> other) => throw ReadOnly();

    void ISet<T>.UnionWith(IEnumerable<T> other) => throw ReadOnly();

    void ICollection<T>.Add(T item) => throw ReadOnly();

    void ICollection<T>.Clear() => throw ReadOnly();

    bool ICollection<T>.Remove(T item) => throw ReadOnly();

    private static NotSupportedException ReadOnly() =>
        new("A PersistentHashSet never changes; use the methods that return a new version, a Builder, or CopyOnWriteSet.");
}
