namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// The nanoFramework firmware images (nanoff <c>--target</c> names) this firmware supports, with the chip family and
    /// whether the image uses external PSRAM. Names as published by the nanoFramework project (nf-interpreter targets/ESP32
    /// and the nanoff target list); other images may work but have not been checked against these pin rules.
    /// </summary>
    public static class NanoffTargets
    {
        private static readonly string[] s_names = new string[]
        {
            "ESP32_REV0", "ESP32_REV3", "ESP32_PSRAM_REV0", "ESP32_PSRAM_REV3", "ESP32_S3", "ESP32_S3_BLE", "ESP32_S3_ALL", "M5Core2",
        };

        private static readonly ChipFamily[] s_chips = new ChipFamily[]
        {
            ChipFamily.Esp32, ChipFamily.Esp32, ChipFamily.Esp32, ChipFamily.Esp32,
            ChipFamily.Esp32S3, ChipFamily.Esp32S3, ChipFamily.Esp32S3, ChipFamily.Esp32,
        };

        // PSRAM on an ESP32 (classic) module takes GPIO16/17 (ESP32-WROVER datasheet §3: "GPIO16 and GPIO17 are used by
        // the PSRAM"); the M5Stack Core2 carries 8 MB PSRAM on the same pins.
        private static readonly bool[] s_psram = new bool[]
        {
            false, false, true, true, false, false, false, true,
        };

        /// <summary>Every supported target name, as nanoff spells it.</summary>
        public static string[] Names
        {
            get
            {
                string[] copy = new string[s_names.Length];
                for (int i = 0; i < s_names.Length; i++)
                {
                    copy[i] = s_names[i];
                }
                return copy;
            }
        }

        /// <summary>Finds a target by its exact nanoff name (case-sensitive, as nanoff prints it).</summary>
        public static bool TryFind(string name, out ChipFamily chip, out bool usesPsram)
        {
            for (int i = 0; i < s_names.Length; i++)
            {
                if (s_names[i] == name)
                {
                    chip = s_chips[i];
                    usesPsram = s_psram[i];
                    return true;
                }
            }
            chip = ChipFamily.Esp32;
            usesPsram = false;
            return false;
        }

        /// <summary>Finds a target whose name matches ignoring case (for a "did you mean" hint); null when none.</summary>
        public static string? FindIgnoringCase(string name)
        {
            string lower = Config.ConfigText.ToLowerAscii(name);
            for (int i = 0; i < s_names.Length; i++)
            {
                if (Config.ConfigText.ToLowerAscii(s_names[i]) == lower)
                {
                    return s_names[i];
                }
            }
            return null;
        }
    }
}
