using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>What happened to one element between two versions of a set; see <see cref="PersistentHashSet{T}.Diff(PersistentHashSet{T})"/>.</summary>
public enum SetChangeKind
{
    /// <summary>The element is only in the newer version.</summary>
    Added,

    /// <summary>The element is only in the older version.</summary>
    Removed,
}

/// <summary>One difference between two versions of a set: an element added or removed.</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct SetChange<T> : IEquatable<SetChange<T>>
{
    /// <summary>A change record. O(1).</summary>
    /// <param name="kind">Added or Removed.</param>
    /// <param name="item">The element.</param>
    public SetChange(SetChangeKind kind, T item)
    {
        Kind = kind;
        Item = item;
    }

    /// <summary>Added or Removed.</summary>
    public SetChangeKind Kind { get; }

    /// <summary>The element (as stored in the newer version for Added, in the older one for Removed).</summary>
    public T Item { get; }

    /// <summary>Compares kind and element with the element type's default comparer. O(1).</summary>
    /// <param name="other">The other change.</param>
    public bool Equals(SetChange<T> other) => Kind == other.Kind && EqualityComparer<T>.Default.Equals(Item, other.Item);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SetChange<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Item);

    /// <summary>For example <c>Added eu-west</c>.</summary>
    public override string ToString() => $"{Kind} {Item}";

    /// <summary>Equal kind and element.</summary>
    /// <param name="left">A change.</param>
    /// <param name="right">Another change.</param>
    public static bool operator ==(SetChange<T> left, SetChange<T> right) => left.Equals(right);

    /// <summary>Different kind or element.</summary>
    /// <param name="left">A change.</param>
    /// <param name="right">Another change.</param>
    public static bool operator !=(SetChange<T> left, SetChange<T> right) => !left.Equals(right);
}
