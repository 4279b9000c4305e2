using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using CowCollections.Internal;

namespace CowCollections;

/// <content>
/// <see cref="IImmutableList{T}"/>: the members that change the length are explicit, since an array's
/// length is fixed by design. <c>Add</c>/<c>AddRange</c> cost O(chunk + m + log n) (a <see cref="Resize"/>
/// plus a write); <c>Insert</c>, <c>InsertRange</c>, <c>Remove</c>, <c>RemoveAll</c>, <c>RemoveAt</c>
/// and both <c>RemoveRange</c> rebuild the array in O(n), like <c>ImmutableArray&lt;T&gt;</c>.
/// </content>
public sealed partial class PersistentArray<T> : IImmutableList<T>, IReadOnlyList<T>
{
    int IReadOnlyCollection<T>.Count => _length;

    /// <summary>Appends <paramref name="value"/> (changes the length). O(chunk + log n): a resize plus one write.</summary>
    IImmutableList<T> IImmutableList<T>.Add(T value) => Resize(_length + 1).SetItem(_length, value);

    /// <summary>Appends <paramref name="items"/> (changes the length). O(m + chunk + log n).</summary>
    IImmutableList<T> IImmutableList<T>.AddRange(IEnumerable<T> items)
    {
        Requires.NotNull(items);
        var added = Materialize(items);
        return added.IsEmpty ? this : Resize(_length + added.Length).SetRange(_length, added);
    }

    /// <summary>The empty array. O(1).</summary>
    IImmutableList<T> IImmutableList<T>.Clear() => Empty;

    /// <summary>Inserts <paramref name="element"/> (changes the length). O(n): rebuilds the array.</summary>
    IImmutableList<T> IImmutableList<T>.Insert(int index, T element)
    {
        Requires.Position(index, _length);
        return Rebuild(index, 0, [element]);
    }

    /// <summary>Inserts <paramref name="items"/> (changes the length). O(n + m): rebuilds the array.</summary>
    IImmutableList<T> IImmutableList<T>.InsertRange(int index, IEnumerable<T> items)
    {
        Requires.NotNull(items);
        Requires.Position(index, _length);
        return Rebuild(index, 0, Materialize(items));
    }

    /// <summary>Removes the first element equal to <paramref name="value"/> (changes the length). O(n).</summary>
    IImmutableList<T> IImmutableList<T>.Remove(T value, IEqualityComparer<T>? equalityComparer)
    {
        int index = _length == 0 ? -1 : IndexOf(value, 0, _length, equalityComparer);
        return index < 0 ? this : Rebuild(index, 1, []);
    }

    /// <summary>Removes every element matching <paramref name="match"/> (changes the length). O(n).</summary>
    IImmutableList<T> IImmutableList<T>.RemoveAll(Predicate<T> match)
    {
        Requires.NotNull(match);
        var kept = new List<T>(_length);
        foreach (var item in this)
        {
            if (!match(item))
            {
                kept.Add(item);
            }
        }

        return kept.Count == _length ? this : FromSpan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
    }

    /// <summary>Removes the element at <paramref name="index"/> (changes the length). O(n).</summary>
    IImmutableList<T> IImmutableList<T>.RemoveAt(int index)
    {
        Requires.Index(index, _length);
        return index == _length - 1 ? Resize(_length - 1) : Rebuild(index, 1, []);
    }

    /// <summary>Removes the first occurrence of each of <paramref name="items"/> (changes the length). O(n x m).</summary>
    IImmutableList<T> IImmutableList<T>.RemoveRange(IEnumerable<T> items, IEqualityComparer<T>? equalityComparer)
    {
        Requires.NotNull(items);
        IImmutableList<T> result = this;
        foreach (var item in items)
        {
            result = result.Remove(item, equalityComparer);
        }

        return result;
    }

    /// <summary>Removes [index, index + count) (changes the length). O(n), or O(log n) when the range is at the end.</summary>
    IImmutableList<T> IImmutableList<T>.RemoveRange(int index, int count)
    {
        Requires.Range(index, count, _length);
        if (count == 0)
        {
            return this;
        }

        return index + count == _length ? Resize(index) : Rebuild(index, count, []);
    }

    /// <summary>Replaces the first element equal to <paramref name="oldValue"/>. O(n) search plus one <see cref="SetItem"/>.</summary>
    IImmutableList<T> IImmutableList<T>.Replace(T oldValue, T newValue, IEqualityComparer<T>? equalityComparer)
    {
        int index = _length == 0 ? -1 : IndexOf(oldValue, 0, _length, equalityComparer);
        if (index < 0)
        {
            throw new ArgumentException("The value is not in the array.", nameof(oldValue));
        }

        return SetItem(index, newValue);
    }

    IImmutableList<T> IImmutableList<T>.SetItem(int index, T value) => SetItem(index, value);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A new array: this one with [index, index + removed) replaced by <paramref name="inserted"/>. O(n + m).</summary>
    private PersistentArray<T> Rebuild(int index, int removed, ReadOnlySpan<T> inserted)
    {
        var items = new T[_length - removed + inserted.Length];
        var all = ToArray();
        all.AsSpan(0, index).CopyTo(items);
        inserted.CopyTo(items.AsSpan(index));
        all.AsSpan(index + removed).CopyTo(items.AsSpan(index + inserted.Length));
        return FromSpan(items);
    }
}
