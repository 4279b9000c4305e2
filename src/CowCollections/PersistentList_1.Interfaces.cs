using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentList<T> : IImmutableList<T>, IReadOnlyList<T>, IList<T>, IList
{
    /// <summary>Removes the first occurrence of each element of <paramref name="items"/>. O(m x n); an empty list returns itself without enumerating <paramref name="items"/>.</summary>
    /// <param name="items">The elements to remove.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public PersistentList<T> RemoveRange(IEnumerable<T> items) => RemoveRange(items, null);

    /// <summary>Removes the first occurrence of each element of <paramref name="items"/>. O(m x n); an empty list returns itself without enumerating <paramref name="items"/>.</summary>
    /// <param name="items">The elements to remove.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public PersistentList<T> RemoveRange(IEnumerable<T> items, IEqualityComparer<T>? equalityComparer)
    {
        Requires.NotNull(items);
        if (_count == 0)
        {
            // Nothing to remove: items is not enumerated (as ImmutableList does).
            return this;
        }

        var result = this;
        foreach (var item in items)
        {
            result = result.Remove(item, equalityComparer);
        }

        return result;
    }

    IImmutableList<T> IImmutableList<T>.Add(T value) => Add(value);

    IImmutableList<T> IImmutableList<T>.AddRange(IEnumerable<T> items) => AddRange(items);

    IImmutableList<T> IImmutableList<T>.Clear() => Clear();

    IImmutableList<T> IImmutableList<T>.Insert(int index, T element) => Insert(index, element);

    IImmutableList<T> IImmutableList<T>.InsertRange(int index, IEnumerable<T> items) => InsertRange(index, items);

    IImmutableList<T> IImmutableList<T>.Remove(T value, IEqualityComparer<T>? equalityComparer) => Remove(value, equalityComparer);

    IImmutableList<T> IImmutableList<T>.RemoveAll(Predicate<T> match) => RemoveAll(match);

    IImmutableList<T> IImmutableList<T>.RemoveAt(int index) => RemoveAt(index);

    IImmutableList<T> IImmutableList<T>.RemoveRange(IEnumerable<T> items, IEqualityComparer<T>? equalityComparer) => RemoveRange(items, equalityComparer);

    IImmutableList<T> IImmutableList<T>.RemoveRange(int index, int count) => RemoveRange(index, count);

    IImmutableList<T> IImmutableList<T>.Replace(T oldValue, T newValue, IEqualityComparer<T>? equalityComparer) => Replace(oldValue, newValue, equalityComparer);

    IImmutableList<T> IImmutableList<T>.SetItem(int index, T value) => SetItem(index, value);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    T IList<T>.this[int index]
    {
        get => this[index];
        set => throw ReadOnly();
    }

    bool ICollection<T>.IsReadOnly => true;

    void IList<T>.Insert(int index, T item) => throw ReadOnly();

    void IList<T>.RemoveAt(int index) => throw ReadOnly();

    void ICollection<T>.Add(T item) => throw ReadOnly();

    void ICollection<T>.Clear() => throw ReadOnly();

    bool ICollection<T>.Remove(T item) => throw ReadOnly();

    void ICollection<T>.CopyTo(T[] array, int arrayIndex)
    {
        Requires.CopyTarget(array, arrayIndex, _count);
        CopyTo(array.AsSpan(arrayIndex));
    }

    object? IList.this[int index]
    {
        get => this[index];
        set => throw ReadOnly();
    }

    bool IList.IsFixedSize => true;

    bool IList.IsReadOnly => true;

    bool ICollection.IsSynchronized => true;

    object ICollection.SyncRoot => this;

    int IList.Add(object? value) => throw ReadOnly();

    void IList.Clear() => throw ReadOnly();

    bool IList.Contains(object? value) => IsCompatible(value) && Contains((T)value!);

    int IList.IndexOf(object? value) => IsCompatible(value) ? IndexOf((T)value!) : -1;

    void IList.Insert(int index, object? value) => throw ReadOnly();

    void IList.Remove(object? value) => throw ReadOnly();

    void IList.RemoveAt(int index) => throw ReadOnly();

    void ICollection.CopyTo(Array array, int index)
    {
        Requires.CopyTarget(array, index, _count);
        int at = index;
        try
        {
            foreach (var item in this)
            {
                array.SetValue(item, at++);
            }
        }
        catch (InvalidCastException e)
        {
            // As List<T>: an array whose element type cannot hold T is an argument error.
            throw new ArgumentException($"An array of {array.GetType().GetElementType()} cannot hold the elements of a list of {typeof(T)}.", nameof(array), e);
        }
    }

    private static bool IsCompatible(object? value) => value is T || (value is null && default(T) is null);

    private static NotSupportedException ReadOnly() =>
        new("A PersistentList<T> never changes; use the methods that return a new list, its Builder, or a CopyOnWriteList<T>.");
}
