using System.Numerics;
using System.Runtime.CompilerServices;

namespace CowCollections.Benchmarks.ChampLayout;

/// <summary>
/// Layout lab, candidate "specialised classes": a node is one object holding its maps and its entries inline
/// (a class per entry capacity, 0 to 32, over an inline array), and a separate sub-node array when it has
/// sub-nodes. A lookup ending in a node's own entries touches that node only; one reference more per inner
/// level. Reading a node's entries assumes every capacity class puts its inline array at the same offset
/// (one field after the same base): the lab checks that once.
/// </summary>
public static class InlineLayout<TKey, TValue>
    where TKey : notnull
{
    public struct Entry
    {
        public TKey Key;
        public TValue Value;
        public uint Hash;
    }

    public abstract class Node
    {
        public uint DataMap;
        public uint NodeMap;
        public Node[] Nodes = [];
        public object? Tag;
    }

    public sealed class Node0 : Node;

    public sealed class NodeN<TBuffer> : Node
        where TBuffer : struct
    {
        public TBuffer Buffer;
    }

    [InlineArray(1)] public struct B1 { private Entry _e; }
    [InlineArray(2)] public struct B2 { private Entry _e; }
    [InlineArray(3)] public struct B3 { private Entry _e; }
    [InlineArray(4)] public struct B4 { private Entry _e; }
    [InlineArray(6)] public struct B6 { private Entry _e; }
    [InlineArray(8)] public struct B8 { private Entry _e; }
    [InlineArray(12)] public struct B12 { private Entry _e; }
    [InlineArray(16)] public struct B16 { private Entry _e; }
    [InlineArray(24)] public struct B24 { private Entry _e; }
    [InlineArray(32)] public struct B32 { private Entry _e; }

    public static readonly Node Empty = new Node0();

    static InlineLayout()
    {
        var small = new NodeN<B1>();
        var large = new NodeN<B32>();
        nint a = Unsafe.ByteOffset(ref Unsafe.As<RawData>(small).First, ref Unsafe.As<B1, byte>(ref small.Buffer));
        nint b = Unsafe.ByteOffset(ref Unsafe.As<RawData>(large).First, ref Unsafe.As<B32, byte>(ref large.Buffer));
        if (a != b)
        {
            throw new InvalidOperationException($"inline entries at offsets {a} and {b}");
        }
    }

    private sealed class RawData
    {
        public byte First = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref Entry EntryAt(Node node, int index) =>
        ref Unsafe.Add(ref Unsafe.As<B1, Entry>(ref Unsafe.As<NodeN<B1>>(node).Buffer), index);

    public static Node Make(int count) => count switch
    {
        0 => new Node0(),
        1 => new NodeN<B1>(),
        2 => new NodeN<B2>(),
        3 => new NodeN<B3>(),
        4 => new NodeN<B4>(),
        <= 6 => new NodeN<B6>(),
        <= 8 => new NodeN<B8>(),
        <= 12 => new NodeN<B12>(),
        <= 16 => new NodeN<B16>(),
        <= 24 => new NodeN<B24>(),
        _ => new NodeN<B32>(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(Node node, TKey key, out TValue value)
    {
        uint hash = (uint)EqualityComparer<TKey>.Default.GetHashCode(key);
        int shift = 0;
        while (shift < 35)
        {
            uint bit = 1u << (int)((hash >> shift) & 31);
            uint dataMap = node.DataMap;
            if ((dataMap & bit) != 0)
            {
                ref Entry entry = ref EntryAt(node, BitOperations.PopCount(dataMap & (bit - 1)));
                if (entry.Hash == hash && EqualityComparer<TKey>.Default.Equals(entry.Key, key))
                {
                    value = entry.Value;
                    return true;
                }

                break;
            }

            uint nodeMap = node.NodeMap;
            if ((nodeMap & bit) == 0)
            {
                break;
            }

            node = Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(node.Nodes), BitOperations.PopCount(nodeMap & (bit - 1)));
            shift += 5;
        }

        value = default!;
        return false;
    }

    public static Node Set(Node node, TKey key, TValue value) =>
        Set(node, new Entry { Key = key, Value = value, Hash = (uint)EqualityComparer<TKey>.Default.GetHashCode(key) }, 0);

    private static Node Copy(Node node, uint dataMap, uint nodeMap, int count, Node[] nodes)
    {
        var copy = Make(count);
        copy.DataMap = dataMap;
        copy.NodeMap = nodeMap;
        copy.Nodes = nodes;
        return copy;
    }

    private static Node Set(Node node, in Entry entry, int shift)
    {
        uint dataMap = node.DataMap, nodeMap = node.NodeMap;
        uint bit = 1u << (int)((entry.Hash >> shift) & 31);
        int count = BitOperations.PopCount(dataMap);
        if ((dataMap & bit) != 0)
        {
            int at = BitOperations.PopCount(dataMap & (bit - 1));
            ref Entry present = ref EntryAt(node, at);
            if (present.Hash == entry.Hash && EqualityComparer<TKey>.Default.Equals(present.Key, entry.Key))
            {
                var same = Copy(node, dataMap, nodeMap, count, node.Nodes);
                for (int i = 0; i < count; i++)
                {
                    EntryAt(same, i) = EntryAt(node, i);
                }

                EntryAt(same, at) = entry;
                return same;
            }

            var child = Two(present, entry, shift + 5);
            int nodeAt = BitOperations.PopCount(nodeMap & (bit - 1));
            var nodes = new Node[node.Nodes.Length + 1];
            Array.Copy(node.Nodes, nodes, nodeAt);
            nodes[nodeAt] = child;
            Array.Copy(node.Nodes, nodeAt, nodes, nodeAt + 1, node.Nodes.Length - nodeAt);
            var moved = Copy(node, dataMap ^ bit, nodeMap | bit, count - 1, nodes);
            for (int i = 0, j = 0; i < count; i++)
            {
                if (i != at)
                {
                    EntryAt(moved, j++) = EntryAt(node, i);
                }
            }

            return moved;
        }

        if ((nodeMap & bit) != 0)
        {
            int at = BitOperations.PopCount(nodeMap & (bit - 1));
            var nodes = (Node[])node.Nodes.Clone();
            nodes[at] = Set(nodes[at], entry, shift + 5);
            var copy = Copy(node, dataMap, nodeMap, count, nodes);
            for (int i = 0; i < count; i++)
            {
                EntryAt(copy, i) = EntryAt(node, i);
            }

            return copy;
        }

        int insertAt = BitOperations.PopCount(dataMap & (bit - 1));
        var grown = Copy(node, dataMap | bit, nodeMap, count + 1, node.Nodes);
        for (int i = 0, j = 0; i <= count; i++)
        {
            EntryAt(grown, i) = i == insertAt ? entry : EntryAt(node, j++);
        }

        return grown;
    }

    private static Node Two(in Entry a, in Entry b, int shift)
    {
        // The lab's keys are distinct ints; a 32-bit collision would need a collision node, which the lab leaves out.
        uint bitA = 1u << (int)((a.Hash >> shift) & 31), bitB = 1u << (int)((b.Hash >> shift) & 31);
        if (bitA != bitB)
        {
            var pair = Make(2);
            pair.DataMap = bitA | bitB;
            EntryAt(pair, 0) = bitA < bitB ? a : b;
            EntryAt(pair, 1) = bitA < bitB ? b : a;
            return pair;
        }

        var node = Make(0);
        node.NodeMap = bitA;
        node.Nodes = [Two(a, b, shift + 5)];
        return node;
    }
}
