using Gateway.Firmware.Core.Storage;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Storage
{
    [TestClass]
    public class Crc32Tests
    {
        // ASCII "123456789", the standard check input of the CRC catalogue.
        private static readonly byte[] s_check = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };

        [TestMethod]
        public void Crc_of_123456789_is_the_IEEE_check_value_CBF43926()
        {
            Assert.AreEqual((ulong)0xCBF43926u, (ulong)Crc32.Compute(s_check, 0, s_check.Length));
        }

        [TestMethod]
        public void Crc_of_nothing_is_zero()
        {
            Assert.AreEqual((ulong)0, (ulong)Crc32.Compute(s_check, 0, 0));
        }

        [TestMethod]
        public void Crc_honours_offset_and_count()
        {
            byte[] padded = new byte[] { 0xFF, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00 };
            Assert.AreEqual((ulong)0xCBF43926u, (ulong)Crc32.Compute(padded, 1, 9));
        }

        [TestMethod]
        public void Crc_computed_in_pieces_equals_crc_in_one_go()
        {
            uint register = Crc32.Start();
            register = Crc32.Update(register, s_check, 0, 4);
            register = Crc32.Update(register, s_check, 4, 5);
            Assert.AreEqual((ulong)0xCBF43926u, (ulong)Crc32.Finish(register));
        }

        [TestMethod]
        public void Crc_detects_every_single_bit_flip()
        {
            byte[] data = new byte[9];
            for (int i = 0; i < 9; i++)
            {
                data[i] = s_check[i];
            }
            uint clean = Crc32.Compute(data, 0, data.Length);
            for (int i = 0; i < data.Length; i++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    data[i] ^= (byte)(1 << bit);
                    Assert.IsTrue(Crc32.Compute(data, 0, data.Length) != clean, "flip of bit " + bit + " in byte " + i);
                    data[i] ^= (byte)(1 << bit);
                }
            }
        }
    }
}
