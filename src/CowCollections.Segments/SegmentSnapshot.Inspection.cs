using System;
using System.Collections.Generic;
using System.Linq;
using CowCollections.Segments.Internal;

namespace CowCollections.Segments;

/// <summary>Inspection without the element types: what a root holds, and its values as their encoded bytes.</summary>
public sealed partial class SegmentSnapshot
{
    /// <summary>
    /// What root <paramref name="name"/> holds: its kind, its element or entry count and the ids of the codecs it was
    /// written with, read from its root record. O(1); decodes no element.
    /// </summary>
    /// <param name="name">The root name.</param>
    /// <returns>The root's description.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentException">The root record is damaged.</exception>
    public SegmentRootInfo GetRootInfo(string name)
    {
        RequireRoot(name);
        return SegmentChecker.RootInfo(this, name);
    }

    /// <summary>
    /// The elements of the list, array or set root <paramref name="name"/>, in order (a set's in the trie's order, hash
    /// order), each as the bytes its codec wrote,
    /// for tools that read a file without the element type (decode them with the codec <see cref="GetRootInfo"/>
    /// names). Lazy: O(1) to start, every record checked as it is reached, one array allocated per element.
    /// </summary>
    /// <param name="name">The root name.</param>
    /// <returns>The encoded elements.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is a dictionary.</exception>
    /// <exception cref="NotSupportedException">An array whose element codec is not built in and does not name its value size (a custom codec).</exception>
    /// <exception cref="SegmentException">A record is damaged (thrown when the enumeration reaches it).</exception>
    public IEnumerable<ReadOnlyMemory<byte>> EnumerateEncodedValues(string name)
    {
        RequireRoot(name);
        return SegmentChecker.EncodedValues(this, name).Select(v => (ReadOnlyMemory<byte>)v);
    }

    /// <summary>
    /// The entries of the dictionary root <paramref name="name"/>, in the trie's order (hash order, not insertion order),
    /// keys and values as the bytes their codecs wrote. Lazy: O(1) to start, every record checked as it is reached.
    /// </summary>
    /// <param name="name">The root name.</param>
    /// <returns>The encoded entries.</returns>
    /// <exception cref="KeyNotFoundException">No root has that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a dictionary.</exception>
    /// <exception cref="SegmentException">A record is damaged (thrown when the enumeration reaches it).</exception>
    public IEnumerable<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> EnumerateEncodedEntries(string name)
    {
        RequireRoot(name);
        return SegmentChecker.EncodedEntries(this, name).Select(e => new KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(e.Key, e.Value));
    }

    private void RequireRoot(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Record.Roots.ContainsKey(name))
        {
            throw new KeyNotFoundException($"Commit {Commit.Number} of '{Context.Path}' has no root named '{name}'.");
        }
    }
}
