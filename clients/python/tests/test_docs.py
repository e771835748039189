"""The first Python block of docs/clients.md runs as shown."""
import os
import re
import tempfile
import unittest

import server

DOC = os.path.join(server.ROOT, "docs", "clients.md")


class ClientsDocTest(unittest.TestCase):
    def test_the_first_five_lines_run(self) -> None:
        with open(DOC, encoding="utf-8") as f:
            block = re.search(r"## Python.*?```python\n(.*?)```", f.read(), re.S).group(1)
        self.assertEqual(len(block.strip().splitlines()), 5)
        with open(os.path.join(server.ROOT, "README.md"), encoding="utf-8") as f:
            self.assertIn("```python\n" + block + "```", f.read(), "README.md shows the same five lines")
        s = server.shared()
        code = block.replace('"http://127.0.0.1:8080"', repr(s.url))
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as d:
            os.chdir(d)
            try:
                exec(compile(code, DOC, "exec"), {"token": s.token})
                with open("report.pdf", "rb") as pdf:
                    self.assertEqual(pdf.read(5), b"%PDF-")
            finally:
                os.chdir(cwd)


if __name__ == "__main__":
    unittest.main()
