using System;
using System.IO.Ports;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Esp32.Gnss
{
    /// <summary>
    /// NMEA 0183 lines from a GNSS receiver's UART for the core's GnssReceiverSensor, which parses them (the binding's
    /// GenericSerialGnssDevice is not used: its parser maps the BD talker but not GB, the NMEA 4.11 BeiDou talker).
    /// <para>The UART driver's buffer is small and a receiver sends about 500 bytes a second, while the node samples
    /// the GNSS every 30 s or more; so <see cref="Poll"/>, called by the main loop, drains the UART into a ring of the
    /// latest complete lines (older lines are dropped: only the newest fix matters), and <see cref="TryReadLine"/> hands
    /// them out oldest first. No allocation after construction.</para>
    /// </summary>
    public sealed class UartLineSource : ILineSource
    {
        /// <summary>Lines kept: more than one epoch of RMC, GGA, GSA and a few GSV sentences.</summary>
        public const int LineCount = 24;

        /// <summary>Longest line kept; NMEA 0183 allows 82 characters, NMEA 4.x proprietary sentences run longer.</summary>
        public const int LineBytes = 120;

        private const int ReadChunkBytes = 256;

        private readonly SerialPort _port;
        private readonly byte[] _chunk = new byte[ReadChunkBytes];
        private readonly byte[] _partial = new byte[LineBytes];
        private readonly byte[][] _lines = new byte[LineCount][];
        private readonly int[] _lengths = new int[LineCount];
        private int _partialLength;
        private bool _partialTooLong;
        private int _oldest;
        private int _count;

        /// <summary>Opens the UART (8N1).</summary>
        /// <param name="portName">nanoFramework COM port, e.g. <c>COM2</c> (pins set by the board wiring).</param>
        /// <param name="baud">uart.gnss.baud.</param>
        public UartLineSource(string portName, int baud)
        {
            for (int i = 0; i < LineCount; i++)
            {
                _lines[i] = new byte[LineBytes];
            }
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One);
            _port.ReadBufferSize = 2048;
            _port.Open();
        }

        /// <summary>Lines dropped because the ring was full (the GNSS was not sampled for a while).</summary>
        public long DroppedLines { get; private set; }

        /// <summary>Moves everything the UART received into the line ring. Never blocks.</summary>
        public void Poll()
        {
            int available = _port.BytesToRead;
            while (available > 0)
            {
                int read = _port.Read(_chunk, 0, available < ReadChunkBytes ? available : ReadChunkBytes);
                if (read <= 0)
                {
                    return;
                }
                for (int i = 0; i < read; i++)
                {
                    Accept(_chunk[i]);
                }
                available -= read;
            }
        }

        /// <summary>Copies the oldest complete line into <paramref name="buffer"/>; -1 when none is waiting.</summary>
        public int TryReadLine(byte[] buffer)
        {
            if (_count == 0)
            {
                return -1;
            }
            int length = _lengths[_oldest] < buffer.Length ? _lengths[_oldest] : buffer.Length;
            Array.Copy(_lines[_oldest], 0, buffer, 0, length);
            _oldest = (_oldest + 1) % LineCount;
            _count--;
            return length;
        }

        private void Accept(byte b)
        {
            if (b == (byte)'\n')
            {
                if (!_partialTooLong && _partialLength > 0)
                {
                    Commit();
                }
                _partialLength = 0;
                _partialTooLong = false;
                return;
            }
            if (b == (byte)'\r')
            {
                return;
            }
            if (_partialLength == LineBytes)
            {
                _partialTooLong = true; // Garbage or a sentence we do not parse: dropped whole, never cut.
                return;
            }
            _partial[_partialLength++] = b;
        }

        private void Commit()
        {
            if (_count == LineCount)
            {
                _oldest = (_oldest + 1) % LineCount;
                _count--;
                DroppedLines++;
            }
            int slot = (_oldest + _count) % LineCount;
            Array.Copy(_partial, 0, _lines[slot], 0, _partialLength);
            _lengths[slot] = _partialLength;
            _count++;
        }
    }
}
