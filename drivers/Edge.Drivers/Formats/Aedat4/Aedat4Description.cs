using System.Globalization;
using System.Text;
using System.Xml;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>The description XML of the IOHeader, in the shape DV's recorder writes.</summary>
internal static class Aedat4Description
{
    private const string Root = "/mainloop/Recorder/outInfo/";

    /// <summary>A description declaring one EVTS stream, id 0, named "events".</summary>
    public static string Events(SensorGeometry geometry, Aedat4Compression compression, string source)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "    " };
        using (var xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartElement("dv");
            xml.WriteAttributeString("version", "2.0");
            Node(xml, "outInfo", Root);
            Node(xml, "0", Root + "0/");
            Attr(xml, "compression", "string", CompressionName(compression));
            Attr(xml, "originalModuleName", "string", "edge");
            Attr(xml, "originalOutputName", "string", "events");
            Attr(xml, "typeDescription", "string", "Array of events (polarity ON/OFF).");
            Attr(xml, "typeIdentifier", "string", "EVTS");
            Node(xml, "info", Root + "0/info/");
            Attr(xml, "sizeX", "int", geometry.Width.ToString(CultureInfo.InvariantCulture));
            Attr(xml, "sizeY", "int", geometry.Height.ToString(CultureInfo.InvariantCulture));
            Attr(xml, "source", "string", source);
            Attr(xml, "tsOffset", "long", "0");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return text.Append('\n').ToString();
    }

    private static string CompressionName(Aedat4Compression compression) => compression switch
    {
        Aedat4Compression.None => "NONE",
        Aedat4Compression.Lz4 => "LZ4",
        Aedat4Compression.Lz4High => "LZ4_HIGH",
        Aedat4Compression.Zstd => "ZSTD",
        _ => "ZSTD_HIGH",
    };

    private static void Node(XmlWriter xml, string name, string path)
    {
        xml.WriteStartElement("node");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("path", path);
    }

    private static void Attr(XmlWriter xml, string key, string type, string value)
    {
        xml.WriteStartElement("attr");
        xml.WriteAttributeString("key", key);
        xml.WriteAttributeString("type", type);
        xml.WriteString(value);
        xml.WriteEndElement();
    }
}
