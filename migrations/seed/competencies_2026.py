"""Seed data: the 8 managerial and 1 socio-cultural competencies (Permenpan RB 38/2017),
frozen as of revision 0003."""

FAMILIES = [
    ("manajerial", "Kompetensi Manajerial", 1),
    ("sosial_kultural", "Kompetensi Sosial Kultural", 2),
    ("teknis", "Kompetensi Teknis", 3),
    ("pemerintahan", "Kompetensi Pemerintahan", 4),
]

COMPETENCIES = [
    {
        "code": "M.1",
        "name": "Integritas",
        "family": "manajerial",
        "definition": (
            "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi, dan "
            "jujur dalam hubungan dengan manajemen, rekan kerja, bawahan langsung, dan pemangku "
            "kepentingan, menciptakan budaya etika tinggi, bertanggung jawab atas tindakan atau "
            "keputusan beserta risiko yang menyertainya."
        ),
        "levels": [
            {
                "level": 1,
                "description": (
                    "Mampu bertindak sesuai nilai, norma, dan etika organisasi dalam kapasitas "
                    "pribadi"
                ),
                "indicators": [
                    "Bertingkah laku sesuai dengan perkataan; berkata sesuai dengan fakta",
                    (
                        "Melaksanakan peraturan dan kode etik organisasi dalam lingkungan kerja "
                        "sehari-hari, pada tataran individu/pribadi"
                    ),
                    (
                        "Tidak menjanjikan/memberikan sesuatu yang bertentangan dengan aturan "
                        "organisasi"
                    ),
                ],
            },
            {
                "level": 2,
                "description": (
                    "Mampu mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, "
                    "norma, dan etika organisasi"
                ),
                "indicators": [
                    (
                        "Mengingatkan rekan kerja untuk bertindak sesuai dengan nilai, norma, dan "
                        "etika organisasi"
                    ),
                    (
                        "Mengajak orang lain untuk bertindak sesuai etika dan kode etik, serta "
                        "menerapkan norma-norma secara konsisten dalam setiap situasi pada unit "
                        "kerja terkecil/kelompok kerjanya"
                    ),
                    "Memberikan informasi yang dapat dipercaya sesuai dengan etika organisasi",
                ],
            },
            {
                "level": 3,
                "description": (
                    "Mampu memastikan dan menanamkan keyakinan bersama agar anggota yang dipimpin "
                    "bertindak sesuai nilai, norma, dan etika organisasi, dalam lingkup formal"
                ),
                "indicators": [
                    (
                        "Memastikan anggota yang dipimpin bertindak sesuai dengan nilai, norma, "
                        "dan etika organisasi"
                    ),
                    (
                        "Mampu memberi apresiasi dan teguran bagi anggota yang dipimpin agar "
                        "bertindak selaras dengan nilai, norma, dan etika organisasi"
                    ),
                    (
                        "Melakukan monitoring dan evaluasi terhadap penerapan sikap integritas di "
                        "dalam unit kerja yang dipimpin"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Mampu menciptakan situasi kerja yang membuat rekan kerja, kolega, dan semua "
                    "pihak terkait bertindak sesuai nilai, norma, dan etika organisasi"
                ),
                "indicators": [
                    (
                        "Menciptakan situasi kerja yang membuat rekan kerja, kolega, dan semua "
                        "pihak terkait bertindak sesuai dengan nilai, norma, dan etika organisasi"
                    ),
                    (
                        "Menjadi teladan dalam penerapan standar keadilan dan etika di lingkup "
                        "instansi, termasuk ketika keputusan yang diambil tidak populer"
                    ),
                    (
                        "Membangun sistem dan budaya kerja yang mendorong penerapan nilai, norma, "
                        "dan etika organisasi serta mencegah penyimpangan di lingkup instansi"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Mampu menjadi role model/keteladanan dalam penerapan standar keadilan dan "
                    "etika yang tinggi di tingkat nasional"
                ),
                "indicators": [
                    (
                        "Menjadi role model/keteladanan dalam penerapan standar keadilan dan etika"
                        " yang tinggi di tingkat nasional"
                    ),
                    (
                        "Membuat konsep kebijakan dan strategi penerapan sikap integritas dalam "
                        "pelaksanaan tugas dan norma-norma yang sejalan dengan nilai strategis "
                        "organisasi"
                    ),
                    (
                        "Mempromosikan norma-norma keadilan dan etika lintas instansi serta tetap "
                        "konsisten menegakkannya meskipun berhadapan dengan risiko"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.2",
        "name": "Kerja Sama",
        "family": "manajerial",
        "definition": (
            "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki "
            "komitmen saling membantu dalam penyelesaian tugas, dan mengoptimalkan segala sumber "
            "daya untuk mencapai tujuan strategis organisasi."
        ),
        "levels": [
            {
                "level": 1,
                "description": (
                    "Berpartisipasi sebagai anggota tim yang baik, melakukan tugas/bagiannya, dan "
                    "mendukung keputusan tim"
                ),
                "indicators": [
                    (
                        "Berpartisipasi aktif dalam kelompok kerja dan melaksanakan "
                        "tugas/bagiannya sesuai kesepakatan"
                    ),
                    "Menerima dan menghargai pendapat, masukan, serta gagasan dari anggota tim",
                    "Mendukung dan melaksanakan keputusan tim/kelompok kerja",
                ],
            },
            {
                "level": 2,
                "description": "Menumbuhkan tim kerja yang partisipatif dan efektif",
                "indicators": [
                    (
                        "Membantu orang lain dalam menyelesaikan tugas-tugas mereka untuk "
                        "mendukung sasaran tim"
                    ),
                    "Berbagi informasi yang relevan atau bermanfaat pada anggota tim",
                    (
                        "Mempertimbangkan masukan dan keahlian anggota dalam tim/kelompok kerja "
                        "serta bersedia untuk belajar dari orang lain"
                    ),
                ],
            },
            {
                "level": 3,
                "description": "Efektif membangun tim kerja untuk peningkatan kinerja organisasi",
                "indicators": [
                    "Membangun komitmen yang tinggi untuk menyelesaikan tugas tim",
                    (
                        "Mengutamakan pengambilan keputusan berdasarkan usulan anggota "
                        "tim/kelompok, serta bernegosiasi secara efektif untuk menyelesaikan "
                        "pekerjaan yang menjadi target kinerja kelompok dan/atau unit kerja"
                    ),
                    (
                        "Mengupayakan dukungan sumber daya yang diperlukan tim dan menjalin kerja "
                        "sama dengan pihak lain untuk mencapai target unit kerja"
                    ),
                ],
            },
            {
                "level": 4,
                "description": "Membangun komitmen tim dan sinergi antarunit kerja",
                "indicators": [
                    "Membangun sinergi antarunit kerja di lingkup instansi yang dipimpin",
                    (
                        "Memfasilitasi kepentingan yang berbeda dari unit kerja lain sehingga "
                        "tercipta sinergi dalam rangka pencapaian target kerja organisasi"
                    ),
                    (
                        "Mengembangkan sistem yang menghargai kerja sama antarunit serta "
                        "memberikan dukungan/semangat untuk memastikan tercapainya sinergi dalam "
                        "pencapaian target kerja organisasi"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar"
                    " instansi"
                ),
                "indicators": [
                    (
                        "Menciptakan hubungan kerja yang konstruktif dengan menerapkan "
                        "norma/etos/nilai-nilai kerja yang baik di dalam dan di luar organisasi"
                    ),
                    (
                        "Menerapkan strategi kerja sama lintas instansi/sektor yang memberikan "
                        "nilai tambah bagi pencapaian tujuan strategis organisasi dan nasional"
                    ),
                    (
                        "Secara konsisten menjaga sinergi agar pemangku kepentingan dapat bekerja "
                        "sama dengan orang di dalam maupun di luar organisasi"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.3",
        "name": "Komunikasi",
        "family": "manajerial",
        "definition": (
            "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai "
            "argumentasi yang logis dengan cara-cara yang sesuai baik secara lisan maupun "
            "tertulis; memastikan pemahaman; mendengarkan secara aktif dan efektif; mempersuasi, "
            "meyakinkan dan membujuk orang lain dalam rangka mencapai tujuan organisasi."
        ),
        "levels": [
            {
                "level": 1,
                "description": (
                    "Menyampaikan informasi dengan jelas, lengkap, dan memastikan pemahaman yang "
                    "sama"
                ),
                "indicators": [
                    (
                        "Menyampaikan informasi (data), pikiran atau pendapat dengan jelas, "
                        "singkat dan tepat dengan menggunakan cara/media yang sesuai dan mengikuti"
                        " alur yang logis"
                    ),
                    "Memastikan pemahaman yang sama atas instruksi yang diterima/diberikan",
                    "Mampu melaksanakan kegiatan surat-menyurat sesuai tata naskah organisasi",
                ],
            },
            {
                "level": 2,
                "description": (
                    "Aktif menjalankan komunikasi secara formal dan informal; bersedia "
                    "mendengarkan orang lain, menginterpretasikan pesan dengan respons yang "
                    "sesuai, mampu menyusun materi presentasi, pidato, naskah, laporan, dan "
                    "lain-lain"
                ),
                "indicators": [
                    "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional",
                    (
                        "Mendengarkan pihak lain secara aktif; menangkap dan menginterpretasikan "
                        "pesan-pesan dari orang lain, serta memberikan respons yang sesuai"
                    ),
                    (
                        "Membuat materi presentasi, pidato, draf naskah, laporan, dan lain-lain "
                        "sesuai arahan pimpinan"
                    ),
                ],
            },
            {
                "level": 3,
                "description": (
                    "Berkomunikasi secara asertif, terampil berkomunikasi lisan/tertulis untuk "
                    "menyampaikan informasi yang sensitif/rumit/kompleks"
                ),
                "indicators": [
                    (
                        "Menyampaikan suatu informasi yang sensitif/rumit dengan cara penyampaian "
                        "dan kondisi yang tepat, sehingga dapat dipahami dan diterima oleh pihak "
                        "terkait"
                    ),
                    (
                        "Menyederhanakan topik yang rumit dan sensitif sehingga lebih mudah "
                        "dipahami dan diterima orang lain"
                    ),
                    (
                        "Membuat laporan tahunan/periodik, naskah, dokumen, atau proposal yang "
                        "kompleks serta surat resmi yang sistematis dan tidak menimbulkan "
                        "pemahaman yang berbeda"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk "
                    "mendorong kesepakatan dengan tujuan meningkatkan kinerja secara keseluruhan"
                ),
                "indicators": [
                    (
                        "Mengintegrasikan informasi-informasi penting hasil diskusi dengan pihak "
                        "lain untuk mendapatkan pemahaman yang sama"
                    ),
                    (
                        "Berbagi informasi dengan pemangku kepentingan untuk tujuan meningkatkan "
                        "kinerja secara keseluruhan"
                    ),
                    "Menuangkan pemikiran/konsep yang multidimensi dalam bentuk tulisan formal",
                ],
            },
            {
                "level": 5,
                "description": (
                    "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari "
                    "solusi dengan tujuan meningkatkan kinerja"
                ),
                "indicators": [
                    (
                        "Menggagas sistem komunikasi yang terbuka dan strategis dengan pemangku "
                        "kepentingan untuk mencari solusi dan meningkatkan kinerja"
                    ),
                    (
                        "Menggunakan saluran komunikasi formal dan nonformal untuk membangun "
                        "kesepakatan dengan pemangku kepentingan lintas instansi"
                    ),
                    (
                        "Menuangkan gagasan strategis dalam bentuk tulisan yang dapat menjadi "
                        "acuan kebijakan di tingkat instansi maupun nasional"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.4",
        "name": "Orientasi pada Hasil",
        "family": "manajerial",
        "definition": (
            "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, "
            "dapat diandalkan, bertanggung jawab, mampu secara sistematis mengidentifikasi risiko "
            "dan peluang dengan memperhatikan keterhubungan antara perencanaan dan hasil, untuk "
            "keberhasilan organisasi."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Bertanggung jawab untuk memenuhi standar kerja",
                "indicators": [
                    "Menyelesaikan tugas dengan tuntas; dapat diandalkan",
                    (
                        "Bekerja dengan teliti dan hati-hati guna meminimalkan kesalahan dengan "
                        "mengacu pada standar kualitas (SOP)"
                    ),
                    (
                        "Bersedia menerima masukan, mengikuti contoh cara bekerja yang lebih "
                        "efektif dan efisien di lingkungan kerjanya"
                    ),
                ],
            },
            {
                "level": 2,
                "description": (
                    "Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang"
                    " ditetapkan, mencari dan mencoba metode alternatif untuk peningkatan kinerja"
                ),
                "indicators": [
                    (
                        "Menetapkan dan berupaya mencapai standar kerja pribadi yang lebih tinggi "
                        "dari standar kerja yang ditetapkan organisasi"
                    ),
                    "Mencari dan mencoba metode kerja alternatif untuk meningkatkan hasil kerjanya",
                    (
                        "Memberi contoh kepada orang-orang di unit kerjanya untuk mencoba "
                        "menerapkan metode kerja yang lebih efektif yang sudah dilakukannya"
                    ),
                ],
            },
            {
                "level": 3,
                "description": (
                    "Menetapkan target kerja yang menantang bagi unit kerja, memberi apresiasi dan"
                    " teguran untuk mendorong kinerja"
                ),
                "indicators": [
                    (
                        "Menetapkan target kinerja unit yang lebih tinggi dari target yang "
                        "ditetapkan organisasi"
                    ),
                    (
                        "Memberikan apresiasi dan teguran untuk mendorong pencapaian hasil unit "
                        "kerjanya"
                    ),
                    (
                        "Mengembangkan metode kerja yang lebih efektif dan efisien untuk mencapai "
                        "target kerja unitnya"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil "
                    "kerja sebelumnya"
                ),
                "indicators": [
                    (
                        "Mendorong unit kerja di tingkat instansi untuk mencapai kinerja yang "
                        "melebihi target yang ditetapkan"
                    ),
                    (
                        "Memantau dan mengevaluasi hasil kerja unitnya agar selaras dengan sasaran"
                        " strategis instansi"
                    ),
                    (
                        "Mendorong pemanfaatan sumber daya bersama antarunit kerja dalam rangka "
                        "meningkatkan efektivitas dan efisiensi pencapaian target organisasi"
                    ),
                ],
            },
            {
                "level": 5,
                "description": "Meningkatkan mutu pencapaian kerja organisasi",
                "indicators": [
                    (
                        "Menetapkan target kinerja organisasi yang menantang dan selaras dengan "
                        "sasaran strategis nasional"
                    ),
                    (
                        "Mengambil keputusan dengan risiko yang telah diperhitungkan untuk "
                        "meningkatkan mutu pencapaian kerja organisasi"
                    ),
                    (
                        "Membangun sistem pengukuran dan evaluasi kinerja yang mendorong perbaikan"
                        " berkelanjutan di seluruh unit organisasi"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.5",
        "name": "Pelayanan Publik",
        "family": "manajerial",
        "definition": (
            "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan dan kegiatan "
            "pemenuhan kebutuhan pelayanan publik secara profesional, transparan, mengikuti "
            "standar pelayanan yang objektif, netral, tidak memihak, tidak diskriminatif, serta "
            "tidak terpengaruh kepentingan pribadi/kelompok/golongan/partai politik."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Menjalankan pelayanan sesuai SOP",
                "indicators": [
                    (
                        "Mengerjakan tugas-tugas dengan mengikuti standar pelayanan yang objektif,"
                        " netral, tidak memihak, tidak diskriminatif, transparan, dan tidak "
                        "terpengaruh kepentingan pribadi/kelompok/partai politik"
                    ),
                    "Melayani kebutuhan, permintaan, dan keluhan pemangku kepentingan",
                    "Menyelesaikan masalah dengan tepat tanpa bersikap memihak",
                ],
            },
            {
                "level": 2,
                "description": (
                    "Mampu mensupervisi/mengawasi/menyelia dan menjelaskan proses pelaksanaan "
                    "tugas-tugas pemerintahan/pelayanan publik secara transparan"
                ),
                "indicators": [
                    (
                        "Menunjukkan sikap yakin dalam mengerjakan tugas-tugas "
                        "pemerintahan/pelayanan publik, mampu menyelia dan menjelaskan secara "
                        "objektif bila ada yang mempertanyakan kebijakan yang diambil"
                    ),
                    (
                        "Secara aktif mencari informasi untuk mengenali kebutuhan pemangku "
                        "kepentingan agar dapat menjalankan tugas pemerintahan, pembangunan, dan "
                        "pelayanan publik secara cepat dan tanggap"
                    ),
                    (
                        "Mampu mengenali dan memanfaatkan kebiasaan, tata cara, dan situasi "
                        "tertentu sehingga apa yang disampaikan menjadi perhatian pemangku "
                        "kepentingan dalam penyelesaian tugas pelayanan publik"
                    ),
                ],
            },
            {
                "level": 3,
                "description": (
                    "Mampu memanfaatkan kekuatan kelompok serta memperbaiki standar pelayanan "
                    "publik di lingkup unit kerja"
                ),
                "indicators": [
                    (
                        "Memahami pengaruh dan hubungan/kekuatan kelompok yang berjalan di "
                        "organisasi (aliansi atau persaingan) serta dampaknya terhadap unit kerja "
                        "dalam menjalankan tugas pemerintahan secara profesional dan netral"
                    ),
                    (
                        "Menggunakan keterampilan dan pemahaman lintas organisasi untuk "
                        "memfasilitasi kebutuhan kelompok yang lebih besar secara objektif, "
                        "transparan, dan profesional tanpa merugikan para pihak"
                    ),
                    (
                        "Mengimplementasikan cara-cara yang efektif untuk memantau dan "
                        "mengevaluasi masalah yang dihadapi pemangku kepentingan/masyarakat serta "
                        "mengantisipasi kebutuhan mereka dalam pelayanan publik di unit kerjanya"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Mampu memonitor, mengevaluasi, memperhitungkan, dan mengantisipasi dampak "
                    "dari isu-isu jangka panjang, kesempatan, atau kekuatan politik dalam hal "
                    "pelayanan kebutuhan pemangku kepentingan yang transparan, objektif, dan "
                    "profesional"
                ),
                "indicators": [
                    (
                        "Memberi perhatian pada isu-isu jangka panjang, kesempatan, atau kekuatan "
                        "politik yang memengaruhi organisasi, serta mengantisipasi dampaknya "
                        "terhadap pelayanan publik yang objektif, transparan, dan profesional"
                    ),
                    (
                        "Menjaga agar kebijakan pelayanan publik yang diselenggarakan instansinya "
                        "selaras dengan standar pelayanan yang objektif, netral, tidak memihak, "
                        "tidak diskriminatif, dan bebas dari kepentingan pribadi/kelompok/partai "
                        "politik"
                    ),
                    (
                        "Menerapkan strategi jangka panjang yang berfokus pada pemenuhan kebutuhan"
                        " pemangku kepentingan dalam menyusun kebijakan dengan mengikuti standar "
                        "pelayanan yang objektif, netral, dan transparan"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Mampu menciptakan kebijakan-kebijakan pelayanan publik yang menjamin "
                    "terselenggaranya pelayanan publik yang objektif, netral, tidak memihak, tidak"
                    " diskriminatif, serta tidak terpengaruh kepentingan pribadi/kelompok/partai "
                    "politik"
                ),
                "indicators": [
                    (
                        "Menciptakan kebijakan-kebijakan pelayanan publik yang menjamin "
                        "terselenggaranya pelayanan publik yang objektif, netral, tidak memihak, "
                        "tidak diskriminatif, serta tidak terpengaruh kepentingan "
                        "pribadi/kelompok/partai politik"
                    ),
                    (
                        "Menginternalisasikan nilai dan semangat pelayanan publik yang objektif, "
                        "netral, tidak memihak, dan tidak diskriminatif kepada seluruh ASN di "
                        "lingkup instansinya"
                    ),
                    (
                        "Menetapkan strategi pelayanan publik lintas instansi yang berfokus pada "
                        "kepentingan masyarakat dan berdampak pada peningkatan kualitas pelayanan "
                        "secara nasional"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.6",
        "name": "Pengembangan Diri dan Orang Lain",
        "family": "manajerial",
        "definition": (
            "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; "
            "menginspirasi orang lain untuk mengembangkan dan menyempurnakan pengetahuan dan "
            "keterampilan yang relevan dengan kerja dan pengembangan karier jangka panjang, "
            "mendorong kemauan belajar sepanjang hidup, memberikan saran/bantuan, umpan balik, "
            "bimbingan untuk membantu orang lain mengembangkan potensi dirinya."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Pengembangan diri",
                "indicators": [
                    (
                        "Mengidentifikasi kebutuhan pengembangan diri dan menyeleksi sumber serta "
                        "metodologi pembelajaran yang diperlukan"
                    ),
                    (
                        "Menunjukkan usaha mandiri untuk mempelajari keterampilan atau kemampuan "
                        "baru dari berbagai media pembelajaran"
                    ),
                    (
                        "Berupaya meningkatkan diri dengan belajar dari orang-orang lain yang "
                        "berwawasan luas di dalam organisasi"
                    ),
                ],
            },
            {
                "level": 2,
                "description": (
                    "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan cara "
                    "melaksanakan suatu pekerjaan"
                ),
                "indicators": [
                    (
                        "Meningkatkan kemampuan bawahan dengan memberikan contoh, instruksi, "
                        "penjelasan, dan petunjuk praktis yang jelas kepada bawahan dalam "
                        "menyelesaikan suatu pekerjaan"
                    ),
                    "Membantu bawahan untuk mempelajari proses, program, atau sistem baru",
                    (
                        "Menggunakan metode lain untuk meyakinkan bahwa orang lain telah memahami "
                        "penjelasan atau pengarahan"
                    ),
                ],
            },
            {
                "level": 3,
                "description": "Memberikan umpan balik, membimbing",
                "indicators": [
                    (
                        "Memberikan tugas-tugas yang menantang pada bawahan sebagai media belajar "
                        "untuk mengembangkan kemampuannya"
                    ),
                    (
                        "Mengamati bawahan dalam mengerjakan tugasnya dan memberikan umpan balik "
                        "yang objektif dan jujur; berdiskusi dengan bawahan untuk memberikan "
                        "bimbingan yang berguna"
                    ),
                    (
                        "Mendorong kepercayaan diri bawahan, memberikan kepercayaan untuk "
                        "mengerjakan tugas dengan caranya sendiri, serta membantu bawahan "
                        "menemukan peluang untuk berkembang"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen"
                    " pembelajaran"
                ),
                "indicators": [
                    (
                        "Menyusun program pengembangan jangka panjang bersama bawahan, termasuk "
                        "penetapan tujuan, bimbingan, dan penugasan, serta mengalokasikan waktu "
                        "untuk pengembangan kompetensi dan karier"
                    ),
                    (
                        "Melaksanakan manajemen pembelajaran termasuk evaluasi dan umpan balik "
                        "pada tataran organisasi"
                    ),
                    (
                        "Mengembangkan orang-orang di sekitarnya secara konsisten dan melakukan "
                        "kaderisasi untuk posisi-posisi di unit kerjanya"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Menciptakan situasi yang mendorong organisasi untuk mengembangkan kemampuan "
                    "belajar secara berkelanjutan dalam rangka mewujudkan organisasi pembelajar"
                ),
                "indicators": [
                    (
                        "Menciptakan situasi yang mendorong individu, kelompok, dan unit kerja "
                        "untuk mengembangkan kemampuan belajar secara berkelanjutan di tingkat "
                        "instansi"
                    ),
                    (
                        "Merekomendasikan/memberikan penghargaan bagi upaya pengembangan yang "
                        "berhasil, serta memastikan dukungan bagi orang lain untuk mengembangkan "
                        "kemampuan dan potensinya"
                    ),
                    (
                        "Menyusun kebijakan pengembangan kompetensi yang menginspirasi individu "
                        "dan kelompok untuk belajar sepanjang hayat demi terwujudnya organisasi "
                        "pembelajar"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.7",
        "name": "Mengelola Perubahan",
        "family": "manajerial",
        "definition": (
            "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak "
            "bergantung secara berlebihan dengan metode dan proses lama, mengambil tindakan untuk "
            "mendukung dan melaksanakan inisiatif perubahan, memimpin usaha perubahan, mengambil "
            "tanggung jawab pribadi untuk memastikan perubahan berhasil diimplementasikan secara "
            "efektif."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Mengikuti perubahan dengan arahan",
                "indicators": [
                    (
                        "Sadar mengenai perubahan yang terjadi di organisasi dan berusaha "
                        "menyesuaikan diri dengan perubahan tersebut"
                    ),
                    "Mengikuti perubahan secara tertib sesuai arahan pimpinan",
                    (
                        "Menyesuaikan cara kerja lama dengan menerapkan metode/proses baru dengan "
                        "bimbingan orang lain"
                    ),
                ],
            },
            {
                "level": 2,
                "description": "Proaktif beradaptasi mengikuti perubahan",
                "indicators": [
                    (
                        "Menyesuaikan cara kerja lama dengan menerapkan metode/proses baru selaras"
                        " dengan ketentuan yang berlaku tanpa arahan orang lain"
                    ),
                    "Mengembangkan kemampuan diri untuk menghadapi perubahan",
                    "Cepat dan tanggap dalam menerima perubahan",
                ],
            },
            {
                "level": 3,
                "description": (
                    "Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat"
                ),
                "indicators": [
                    "Membantu orang lain dalam melakukan perubahan",
                    "Menyesuaikan prioritas kerja secara berulang-ulang jika diperlukan",
                    (
                        "Mengantisipasi perubahan yang dibutuhkan oleh unit kerjanya secara tepat "
                        "dan memberikan solusi efektif terhadap masalah yang ditimbulkan oleh "
                        "adanya perubahan"
                    ),
                ],
            },
            {
                "level": 4,
                "description": "Memimpin perubahan pada unit kerja",
                "indicators": [
                    (
                        "Mengarahkan unit kerja untuk lebih siap dalam menghadapi perubahan, "
                        "termasuk memitigasi risiko yang mungkin terjadi"
                    ),
                    (
                        "Memastikan perubahan sudah diterapkan secara aktif di lingkup unit "
                        "kerjanya secara berkala"
                    ),
                    (
                        "Memimpin dan memastikan penerapan program-program perubahan selaras "
                        "antarunit kerja"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Memimpin, menggalang, dan menggerakkan dukungan pemangku kepentingan untuk "
                    "menjalankan perubahan secara berkelanjutan pada tingkat instansi/nasional"
                ),
                "indicators": [
                    (
                        "Membuat kebijakan-kebijakan yang mendorong perubahan yang berdampak pada "
                        "keberhasilan organisasi secara keseluruhan"
                    ),
                    (
                        "Menggalang dan menggerakkan dukungan pemangku kepentingan lintas instansi"
                        " untuk menjalankan perubahan"
                    ),
                    (
                        "Menyusun strategi agar perubahan berjalan berkelanjutan dan melembaga "
                        "sebagai budaya kerja di tingkat instansi/nasional"
                    ),
                ],
            },
        ],
    },
    {
        "code": "M.8",
        "name": "Pengambilan Keputusan",
        "family": "manajerial",
        "definition": (
            "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri "
            "setelah mempertimbangkan prinsip kehati-hatian, dirumuskan secara sistematis dan "
            "saksama berdasarkan berbagai informasi, alternatif pemecahan masalah dan "
            "konsekuensinya, serta bertanggung jawab atas keputusan yang diambil."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Mengumpulkan informasi untuk bertindak sesuai kewenangan",
                "indicators": [
                    (
                        "Mengumpulkan dan mempertimbangkan informasi yang dibutuhkan dalam mencari"
                        " solusi"
                    ),
                    "Mengenali situasi/pilihan yang tepat untuk bertindak sesuai kewenangan",
                    (
                        "Mempertimbangkan kemungkinan solusi yang dapat diterapkan dalam pekerjaan"
                        " rutin berdasarkan kebijakan dan prosedur yang telah ditentukan"
                    ),
                ],
            },
            {
                "level": 2,
                "description": "Menganalisis masalah secara mendalam",
                "indicators": [
                    (
                        "Melakukan analisis secara mendalam terhadap informasi yang tersedia dalam"
                        " upaya mencari solusi"
                    ),
                    "Mempertimbangkan berbagai alternatif yang ada sebelum membuat kesimpulan",
                    (
                        "Membuat keputusan operasional berdasarkan kesimpulan dari berbagai sumber"
                        " informasi sesuai dengan pedoman yang ada"
                    ),
                ],
            },
            {
                "level": 3,
                "description": (
                    "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam "
                    "implementasi"
                ),
                "indicators": [
                    "Membandingkan berbagai alternatif tindakan dan implikasinya",
                    (
                        "Memilih alternatif solusi terbaik dan membuat keputusan operasional "
                        "berdasarkan analisis data yang sistematis, saksama, serta mengikuti "
                        "prinsip kehati-hatian"
                    ),
                    (
                        "Menyeimbangkan antara kemungkinan risiko dan keberhasilan dalam "
                        "implementasinya"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak "
                    "keputusan, membuat tindakan pengamanan; mitigasi risiko"
                ),
                "indicators": [
                    (
                        "Menyusun dan/atau memutuskan konsep penyelesaian masalah yang melibatkan "
                        "beberapa/seluruh fungsi dalam organisasi"
                    ),
                    (
                        "Menghasilkan solusi dari berbagai masalah yang kompleks terkait bidang "
                        "kerjanya yang berdampak pada pihak lain"
                    ),
                    (
                        "Membuat keputusan dan mengantisipasi dampak keputusannya serta menyiapkan"
                        " tindakan penanganannya (mitigasi risiko)"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan "
                    "jangka panjang/strategis, berdampak nasional"
                ),
                "indicators": [
                    (
                        "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan "
                        "jangka panjang/strategis yang berdampak nasional"
                    ),
                    (
                        "Merumuskan dan menetapkan kebijakan strategis lintas sektor dengan "
                        "mempertimbangkan prinsip kehati-hatian, berbagai alternatif, dan "
                        "konsekuensinya"
                    ),
                    (
                        "Bertanggung jawab atas keputusan strategis yang diambil beserta risiko "
                        "dan dampaknya, serta memastikan langkah mitigasinya dijalankan"
                    ),
                ],
            },
        ],
    },
    {
        "code": "SK.1",
        "name": "Perekat Bangsa",
        "family": "sosial_kultural",
        "definition": (
            "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan "
            "individu/kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam "
            "mempersatukan masyarakat dan membangun hubungan sosial psikologis dengan masyarakat "
            "di tengah kemajemukan Indonesia sehingga menciptakan kelekatan yang kuat antara ASN "
            "dan para pemangku kepentingan serta di antara para pemangku kepentingan itu sendiri; "
            "menjaga, mengembangkan, dan mewujudkan rasa persatuan dan kesatuan dalam kehidupan "
            "bermasyarakat, berbangsa, dan bernegara Indonesia."
        ),
        "levels": [
            {
                "level": 1,
                "description": "Peka memahami dan menerima kemajemukan",
                "indicators": [
                    (
                        "Mampu memahami, menerima, dan peka terhadap perbedaan individu/kelompok "
                        "masyarakat"
                    ),
                    "Terbuka dan ingin belajar tentang perbedaan/kemajemukan masyarakat",
                    "Mampu bekerja bersama dengan individu yang berbeda latar belakang dengannya",
                ],
            },
            {
                "level": 2,
                "description": (
                    "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan "
                    "persatuan"
                ),
                "indicators": [
                    (
                        "Menampilkan sikap dan perilaku yang peduli akan nilai-nilai keberagaman "
                        "dan menghargai perbedaan"
                    ),
                    (
                        "Membangun hubungan baik antarindividu dalam organisasi, mitra kerja, dan "
                        "pemangku kepentingan"
                    ),
                    (
                        "Bersikap tenang dan mampu mengendalikan emosi dalam menghadapi "
                        "pertentangan akibat perbedaan latar belakang, agama/kepercayaan, suku, "
                        "gender, sosial ekonomi, dan preferensi politik di unit kerjanya"
                    ),
                ],
            },
            {
                "level": 3,
                "description": "Mempromosikan dan mengembangkan sikap toleransi dan persatuan",
                "indicators": [
                    (
                        "Mempromosikan sikap menghargai perbedaan di antara orang-orang yang "
                        "mendorong toleransi dan keterbukaan"
                    ),
                    (
                        "Melakukan pemetaan sosial di masyarakat untuk memberikan respons yang "
                        "sesuai dengan budaya setempat, serta mengidentifikasi potensi "
                        "kesalahpahaman akibat keragaman budaya"
                    ),
                    (
                        "Menjadi mediator untuk menyelesaikan konflik atau mengurangi dampak "
                        "negatif dari konflik atau potensi konflik"
                    ),
                ],
            },
            {
                "level": 4,
                "description": (
                    "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan "
                    "efektivitas organisasi"
                ),
                "indicators": [
                    (
                        "Menginisiasi dan merepresentasikan pemerintah di lingkungan kerja dan "
                        "masyarakat untuk senantiasa menjaga persatuan dan kesatuan dalam "
                        "keberagaman serta menerima segala bentuk perbedaan"
                    ),
                    (
                        "Mendayagunakan perbedaan latar belakang, agama/kepercayaan, suku, gender,"
                        " sosial ekonomi, dan preferensi politik untuk kelancaran pencapaian "
                        "tujuan organisasi"
                    ),
                    (
                        "Membuat program yang mengakomodasi perbedaan latar belakang, "
                        "agama/kepercayaan, suku, gender, sosial ekonomi, dan preferensi politik"
                    ),
                ],
            },
            {
                "level": 5,
                "description": (
                    "Menjadi wakil pemerintah untuk membangun hubungan sosial psikologis dengan "
                    "masyarakat"
                ),
                "indicators": [
                    (
                        "Menjadi wakil pemerintah yang mampu membangun hubungan sosial psikologis "
                        "dengan masyarakat sehingga tercipta kelekatan yang kuat antara ASN dan "
                        "para pemangku kepentingan serta di antara pemangku kepentingan"
                    ),
                    (
                        "Mengomunikasikan dampak risiko yang teridentifikasi dan merekomendasikan "
                        "tindakan korektif dengan mempertimbangkan keberagaman masyarakat untuk "
                        "membangun hubungan jangka panjang"
                    ),
                    (
                        "Membuat kebijakan yang mengakomodasi perbedaan latar belakang, "
                        "agama/kepercayaan, suku, gender, sosial ekonomi, dan preferensi politik "
                        "yang berdampak positif secara nasional"
                    ),
                ],
            },
        ],
    },
]
