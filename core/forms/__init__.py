"""The 绩效自评表 (national self-evaluation table, ../shared/docs/forms.md): read from any form a bureau
receives into one `FormTable`, scored and checked by the table's own arithmetic (R1–R11)."""
