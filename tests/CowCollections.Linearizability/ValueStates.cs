using System.Collections.Immutable;
using System.Text;

namespace CowCollections.Linearizability;

/// <summary>An immutable list with structural equality and a hash computed once, for use as a model state.</summary>
/// <typeparam name="T">The element type (compared with <see cref="EqualityComparer{T}.Default"/>).</typeparam>
public sealed class ListState<T> : IEquatable<ListState<T>>
{
    private readonly int _hash;

    /// <summary>Creates the state holding <paramref name="items"/>.</summary>
    public ListState(ImmutableArray<T> items)
    {
        Items = items.IsDefault ? [] : items;
        var h = new HashCode();
        foreach (var item in Items)
        {
            h.Add(item);
        }

        h.Add(Items.Length);
        _hash = h.ToHashCode();
    }

    /// <summary>The empty list.</summary>
    public static ListState<T> Empty { get; } = new([]);

    /// <summary>The elements.</summary>
    public ImmutableArray<T> Items { get; }

    /// <inheritdoc/>
    public bool Equals(ListState<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && Items.AsSpan().SequenceEqual(other.Items.AsSpan())));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ListState<T>);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>An immutable map with order-independent structural equality and an incrementally kept hash, for use as a model state.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type (compared with <see cref="EqualityComparer{T}.Default"/>).</typeparam>
public sealed class MapState<TKey, TValue> : IEquatable<MapState<TKey, TValue>>
    where TKey : notnull
{
    private readonly int _hash;

    private MapState(ImmutableDictionary<TKey, TValue> map, int hash)
    {
        Map = map;
        _hash = hash;
    }

    /// <summary>The empty map.</summary>
    public static MapState<TKey, TValue> Empty { get; } = new(ImmutableDictionary<TKey, TValue>.Empty, 0);

    /// <summary>The entries.</summary>
    public ImmutableDictionary<TKey, TValue> Map { get; }

    /// <summary>The state with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public MapState<TKey, TValue> SetItem(TKey key, TValue value)
    {
        int hash = _hash;
        if (Map.TryGetValue(key, out var old))
        {
            hash -= EntryHash(key, old);
        }

        return new MapState<TKey, TValue>(Map.SetItem(key, value), hash + EntryHash(key, value));
    }

    /// <summary>The state without <paramref name="key"/>.</summary>
    public MapState<TKey, TValue> Remove(TKey key) =>
        Map.TryGetValue(key, out var old) ? new MapState<TKey, TValue>(Map.Remove(key), _hash - EntryHash(key, old)) : this;

    /// <inheritdoc/>
    public bool Equals(MapState<TKey, TValue>? other)
    {
        if (other is null || _hash != other._hash || Map.Count != other.Map.Count)
        {
            return false;
        }

        foreach (var (key, value) in Map)
        {
            if (!other.Map.TryGetValue(key, out var v) || !EqualityComparer<TValue>.Default.Equals(value, v))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MapState<TKey, TValue>);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        foreach (var (key, value) in Map.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
        {
            sb.Append(sb.Length > 1 ? ", " : string.Empty).Append(key).Append(": ").Append(value);
        }

        return sb.Append('}').ToString();
    }

    private static int EntryHash(TKey key, TValue value)
    {
        uint h = (uint)HashCode.Combine(key, value);
        h ^= h >> 16;
        h *= 0x7FEB352D;
        h ^= h >> 15;
        return (int)h;
    }
}

/// <summary>An immutable set with order-independent structural equality and an incrementally kept hash, for use as a model state.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class SetState<T> : IEquatable<SetState<T>>
    where T : notnull
{
    private readonly int _hash;

    private SetState(ImmutableHashSet<T> set, int hash)
    {
        Set = set;
        _hash = hash;
    }

    /// <summary>The empty set.</summary>
    public static SetState<T> Empty { get; } = new(ImmutableHashSet<T>.Empty, 0);

    /// <summary>The elements.</summary>
    public ImmutableHashSet<T> Set { get; }

    /// <summary>The state with <paramref name="item"/> added.</summary>
    public SetState<T> Add(T item) => Set.Contains(item) ? this : new SetState<T>(Set.Add(item), _hash + ElementHash(item));

    /// <summary>The state with <paramref name="item"/> removed.</summary>
    public SetState<T> Remove(T item) => Set.Contains(item) ? new SetState<T>(Set.Remove(item), _hash - ElementHash(item)) : this;

    /// <inheritdoc/>
    public bool Equals(SetState<T>? other) =>
        other is not null && _hash == other._hash && Set.Count == other.Set.Count && Set.SetEquals(other.Set);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SetState<T>);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", Set.Select(e => e.ToString()).Order(StringComparer.Ordinal)) + "}";

    private static int ElementHash(T item)
    {
        uint h = (uint)item.GetHashCode();
        h ^= h >> 16;
        h *= 0x7FEB352D;
        h ^= h >> 15;
        return (int)h;
    }
}
