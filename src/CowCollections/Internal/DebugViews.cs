using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace CowCollections.Internal;

/// <summary>What the debugger shows for a list, an array, their builders and containers: the elements in order, not the trie.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SequenceDebugView<T>
{
    private readonly IEnumerable<T> _sequence;

    public SequenceDebugView(IEnumerable<T> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        _sequence = sequence;
    }

    [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
    public T[] Items => _sequence.ToArray();
}

/// <summary>What the debugger shows for a dictionary, its builder and its container: the entries, not the hash trie.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class DictionaryDebugView<TKey, TValue>
{
    private readonly IEnumerable<KeyValuePair<TKey, TValue>> _entries;

    public DictionaryDebugView(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries;
    }

    [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
    public KeyValuePair<TKey, TValue>[] Items => _entries.ToArray();
}

/// <summary>What the debugger shows for a listener registry: its live listeners in registration order.</summary>
/// <typeparam name="T">The listener type.</typeparam>
internal sealed class ListenerRegistryDebugView<T>
{
    private readonly ListenerRegistry<T> _registry;

    public ListenerRegistryDebugView(ListenerRegistry<T> registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
    public T[] Items => _registry.ToArray();
}
