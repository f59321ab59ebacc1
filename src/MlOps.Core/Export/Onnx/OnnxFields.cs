namespace MlOps.Core.Export.Onnx;

/// <summary>
/// Field numbers and enum values of onnx.proto (onnx/onnx, Apache-2.0) that the writer uses; the
/// schema itself is not copied. IR version 8 is the one that goes with opsets 17 and later here.
/// </summary>
internal static class OnnxFields
{
    public const long IrVersion = 8;

    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, DocString = 6, Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    public static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    public static class StringStringEntry
    {
        public const int Key = 1, Value = 2;
    }

    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, DocString = 10, Input = 11, Output = 12;
    }

    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5;
    }

    public static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, S = 4, Floats = 7, Ints = 8, Type = 20;

        // AttributeProto.AttributeType
        public const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeFloats = 6, TypeInts = 7;
    }

    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, Name = 8, RawData = 9;
    }

    public static class ValueInfo
    {
        public const int Name = 1, Type = 2;
    }

    public static class TypeProto
    {
        public const int TensorType = 1;
        public const int ElemType = 1, Shape = 2;
    }

    public static class Shape
    {
        public const int Dim = 1;
        public const int DimValue = 1, DimParam = 2;
    }

    // TensorProto.DataType
    public const int Float = 1, Int64 = 7, Bool = 9;
}
