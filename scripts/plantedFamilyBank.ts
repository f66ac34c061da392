/**
 * A bank of request families for the clustering evaluation (scripts/plantedStyles.ts): each
 * family has a topic vocabulary of its own, written as several templates that share only slot
 * words, and (for some) paraphrases of the same concern in different words. English and other
 * languages and scripts; a few are close to the generator's own traffic on purpose (account
 * access, SQL, model training), as a real dump's families would be.
 */
import { PLANTED_FAMILIES, type PlantedFamilySpec } from './plantedFamilies'

export interface BankFamily extends PlantedFamilySpec {
  /** slot-free requests about the same concern in different words (absent: not used by the paraphrase style) */
  paraphrases?: readonly string[]
  /** language tag, for the table */
  lang: string
}

const EXTRA: readonly BankFamily[] = [
  {
    name: 'account_lockout',
    lang: 'en',
    templates: [
      'I am locked out of my {acct} account after {attempts} failed sign-in attempts',
      'The two-factor code for {acct} never arrives by {channel2}',
      'Unlock my {acct} login, the security questions were changed by {who}',
      'Why does {acct} say my sign-in is suspicious when I log in from {place}?'
    ],
    slots: {
      acct: ['Okta', 'Azure AD', 'Google Workspace', 'Duo', 'OneLogin'],
      attempts: ['three', 'five', 'ten'],
      channel2: ['SMS', 'voice call', 'the authenticator push', 'backup e-mail'],
      who: ['an administrator', 'someone else', 'my former manager'],
      place: ['a hotel wifi', 'my phone hotspot', 'an airport lounge', 'a new laptop']
    },
    paraphrases: [
      'I cannot sign in any more, my account got locked',
      'Locked out again after typing the wrong password',
      'The verification code for sign-in never shows up on my phone',
      'My login is blocked as suspicious although it is really me',
      'How long until a locked account unlocks itself?',
      'Two-factor prompt keeps failing so I cannot get into my account',
      'Sign-in says too many attempts, please unlock me',
      'Can an admin reset my locked login today?'
    ]
  },
  {
    name: 'payroll_tax',
    lang: 'en',
    templates: [
      'How much federal withholding should {employer} take from a {freq} paycheck of {pay}?',
      'My W-2 from {employer} shows the wrong {box} amount',
      'Do I owe {state} payroll tax if I work remotely for {employer}?',
      'Explain the {form} form line about {box} withholding'
    ],
    slots: {
      employer: ['Acme Corp', 'a staffing agency', 'my startup', 'the school district', 'a Delaware LLC'],
      freq: ['biweekly', 'monthly', 'weekly', 'semimonthly'],
      pay: ['$2,400', '$3,150', '$5,800', '$1,920'],
      box: ['Social Security', 'Medicare', 'state income', 'FICA'],
      state: ['California', 'New York', 'Oregon', 'New Jersey', 'Illinois'],
      form: ['W-4', '941', 'W-2', '1099-NEC']
    },
    paraphrases: [
      'Too much tax was withheld from my paycheck this year',
      'Which payroll deductions are required for a remote employee?',
      'My salary slip shows Medicare withholding twice',
      'How do I fill in the W-4 so my withholding is right?',
      'Payroll took state income tax for the wrong state',
      'Is FICA withheld on a year-end bonus?',
      'Our payroll provider filed the quarterly 941 late',
      'What does the withholding allowance on my pay stub mean?'
    ]
  },
  {
    name: 'solar_panels',
    lang: 'en',
    templates: [
      'Is a {kw} kW rooftop solar array worth it in {climate} with {roof} shingles?',
      'My {inverter} solar inverter shows a {fault} fault every afternoon',
      'Compare net metering for solar in {climate} with a {battery} battery',
      'How many solar panels do I need to cover {usage} kWh a month?'
    ],
    slots: {
      kw: ['6', '8.5', '10', '12'],
      climate: ['Arizona', 'Seattle', 'northern Germany', 'Queensland', 'Texas'],
      roof: ['asphalt', 'slate', 'clay tile', 'metal'],
      inverter: ['Enphase', 'SolarEdge', 'Fronius', 'SMA'],
      fault: ['ground', 'arc', 'grid overvoltage', 'isolation'],
      battery: ['Powerwall', 'LFP', 'lead-acid', 'home'],
      usage: ['600', '900', '1,200', '1,500']
    },
    paraphrases: [
      'Will photovoltaic panels pay back on a north-facing roof?',
      'The solar inverter trips every sunny afternoon',
      'Should I add a home battery to my solar system?',
      'How do I size a rooftop solar array for my bills?',
      'Net metering credits disappeared from my utility bill after installing panels',
      'Do solar panels still work when it is cloudy?',
      'My panels produce less power than the installer promised',
      'Is it worth cleaning dusty solar modules?'
    ]
  },
  {
    name: 'aquarium',
    lang: 'en',
    templates: [
      'My {fish} keep dying in a {litres} litre tank with {ammonia} ammonia',
      'What {plant} carpet grows in a low-tech aquarium with {substrate}?',
      'The {fish} have white spots and clamped fins after a {change} water change',
      'How do I cycle a new {litres} litre aquarium before adding {fish}?'
    ],
    slots: {
      fish: ['neon tetras', 'guppies', 'bettas', 'corydoras', 'angelfish', 'shrimp'],
      litres: ['60', '120', '200', '30'],
      ammonia: ['0.25 ppm', '0.5 ppm', '1 ppm', 'zero'],
      plant: ['dwarf hairgrass', 'monte carlo', 'java moss', 'cryptocoryne'],
      substrate: ['aquasoil', 'sand', 'gravel', 'fluorite'],
      change: ['50%', '25%', 'weekly', 'big']
    },
    paraphrases: [
      'Fish in my tank gasp at the surface every morning',
      'How often should I change the aquarium water?',
      'Cloudy water after setting up a new fish tank',
      'Which filter is best for a planted aquarium?',
      'My betta stopped eating and sits on the gravel',
      'Algae covers the aquarium glass within days',
      'Is tap water safe for tropical fish?',
      'Nitrite stays high weeks after cycling the tank'
    ]
  },
  {
    name: 'car_repair',
    lang: 'en',
    templates: [
      'My {car} makes a grinding noise when braking at {speed}',
      'Check engine light with code {code} on a {year} {car}',
      'How often should the {part} be replaced on a {car} with {miles} miles?',
      'The {car} shudders at idle after the {part} was changed'
    ],
    slots: {
      car: ['Honda Civic', 'Ford F-150', 'Toyota Corolla', 'VW Golf', 'Subaru Outback'],
      speed: ['low speed', 'highway speed', '30 mph', 'full stop'],
      code: ['P0301', 'P0420', 'P0171', 'P0455'],
      year: ['2012', '2016', '2019', '2021'],
      part: ['timing belt', 'spark plugs', 'brake pads', 'transmission fluid', 'serpentine belt'],
      miles: ['60,000', '90,000', '120,000', '150,000']
    },
    paraphrases: [
      'Squealing sound from the wheels when I stop the car',
      'The engine warning light came on during my commute',
      'Is it safe to drive with worn brake pads?',
      'My sedan vibrates at red lights',
      'When is the timing belt due on an older hatchback?',
      'The car struggles to start on cold mornings',
      'Mechanic quoted a lot for a catalytic converter, is that normal?',
      'Transmission slips between second and third gear'
    ]
  },
  {
    name: 'mortgage',
    lang: 'en',
    templates: [
      'Should I refinance a {rate}% {term} mortgage now that rates are {trend}?',
      'How much {fee} will the lender charge on a {price} home with {down} down?',
      'Explain the {arm} adjustable-rate mortgage cap before I sign',
      'Can I remove PMI from my {term} loan once I have {down} equity?'
    ],
    slots: {
      rate: ['6.8', '7.25', '5.5', '4.9'],
      term: ['30-year', '15-year', '20-year'],
      trend: ['falling', 'rising', 'flat'],
      fee: ['closing costs', 'origination fee', 'escrow', 'points'],
      price: ['$350,000', '$520,000', '$780,000', '$260,000'],
      down: ['10%', '20%', '5%', '25%'],
      arm: ['5/1', '7/1', '10/6']
    },
    paraphrases: [
      'Is now a good time to refinance my home loan?',
      'What closing costs should I expect when buying a house?',
      'How do mortgage points lower the interest rate?',
      'Can I stop paying private mortgage insurance early?',
      'Fixed or adjustable rate for a first home?',
      'Lender wants a bigger down payment than I planned',
      'How is the monthly escrow amount calculated?',
      'Does paying extra principal shorten the loan term?'
    ]
  },
  {
    name: 'gardening',
    lang: 'en',
    templates: [
      'Why are the leaves on my {veg} turning yellow in {soil} soil?',
      'When should I plant {veg} seedlings in zone {zone}?',
      'Aphids are all over my {flower}, is {remedy} safe to spray?',
      'How deep should I mulch {flower} beds before the first frost in zone {zone}?'
    ],
    slots: {
      veg: ['tomatoes', 'zucchini', 'peppers', 'cucumbers', 'kale'],
      soil: ['clay', 'sandy', 'acidic', 'compacted'],
      zone: ['5b', '6a', '7b', '8a', '9'],
      flower: ['roses', 'hydrangeas', 'dahlias', 'peonies'],
      remedy: ['neem oil', 'insecticidal soap', 'diluted dish soap', 'ladybugs']
    },
    paraphrases: [
      'My vegetable garden plants wilt in the afternoon heat',
      'What can I compost and what should stay out of the compost pile?',
      'How often do I water raised beds in summer?',
      'Slugs are eating my seedlings overnight',
      'Best time to prune flowering shrubs?',
      'The lawn has brown patches after fertilizing',
      'Which cover crop improves heavy soil over winter?',
      'Powdery mildew on squash leaves, what now?'
    ]
  },
  {
    name: 'chess',
    lang: 'en',
    templates: [
      'In the {opening}, what is the best reply to {move} for black?',
      'I keep losing {format} games in the {phase} with a {rating} rating',
      'Explain the idea behind the {opening} pawn structure in the {phase}',
      'Which {opening} line suits a {rating} player who likes {style} positions?'
    ],
    slots: {
      opening: ['Sicilian Najdorf', 'Queen\'s Gambit', 'Caro-Kann', 'King\'s Indian', 'London System', 'Ruy Lopez'],
      move: ['e5', 'Nf3', 'c4', 'Bb5', 'd4'],
      format: ['blitz', 'rapid', 'bullet', 'classical'],
      phase: ['middlegame', 'endgame', 'opening'],
      rating: ['1200', '1500', '1800', '2100'],
      style: ['tactical', 'closed', 'positional', 'sharp']
    },
    paraphrases: [
      'How do I stop hanging pieces in fast chess games?',
      'What should a beginner study first, openings or endgames?',
      'Rook endgames confuse me, any simple rules?',
      'Why is castling early usually good?',
      'I blunder whenever my clock runs low',
      'How do grandmasters calculate variations?',
      'Good plan against an isolated queen pawn?',
      'Which chess puzzles improve tactics fastest?'
    ]
  },
  {
    name: 'astronomy',
    lang: 'en',
    templates: [
      'Can I see {planet} with a {scope} telescope from a {sky} sky?',
      'What eyepiece magnifies {target} best on a {scope}?',
      'When is the next {event} visible from {city3} with a telescope?',
      'How do I polar align a {mount} mount to photograph {target}?'
    ],
    slots: {
      planet: ['Saturn\'s rings', 'Jupiter\'s moons', 'Mars', 'Venus phases'],
      scope: ['70mm refractor', '8-inch Dobsonian', 'Maksutov', '130mm reflector'],
      sky: ['light-polluted city', 'Bortle 4', 'suburban', 'dark rural'],
      target: ['the Orion Nebula', 'the Andromeda galaxy', 'the Pleiades', 'the Ring Nebula'],
      event: ['total lunar eclipse', 'Perseid meteor shower', 'comet flyby', 'ISS pass'],
      city3: ['Denver', 'Sydney', 'Madrid', 'Toronto'],
      mount: ['equatorial', 'star tracker', 'alt-az', 'EQ6']
    },
    paraphrases: [
      'What can I observe in the night sky with binoculars?',
      'Why do stars look blurry through my telescope?',
      'Best app to find constellations tonight?',
      'How do I photograph the Milky Way with a phone?',
      'Is a meteor shower better after midnight?',
      'What causes the phases of the Moon?',
      'Collimating a reflector telescope step by step',
      'How far away is the nearest galaxy?'
    ]
  },
  {
    name: 'baking',
    lang: 'en',
    templates: [
      'My {bread} comes out dense even with {flour} flour and {hydration} hydration',
      'Can I swap {fat} for {fat2} in a {dessert} recipe?',
      'Why did my {dessert} sink in the middle after baking at {temp}?',
      'How long should {bread} dough proof in a {kitchen} kitchen before baking?'
    ],
    slots: {
      bread: ['sourdough', 'brioche', 'baguette', 'focaccia', 'rye loaf'],
      flour: ['bread', 'whole wheat', 'spelt', 'all-purpose'],
      hydration: ['65%', '75%', '80%', '70%'],
      fat: ['butter', 'coconut oil', 'margarine'],
      fat2: ['olive oil', 'applesauce', 'Greek yogurt'],
      dessert: ['cheesecake', 'banana bread', 'sponge cake', 'brownies'],
      temp: ['160C', '180C', '350F', '325F'],
      kitchen: ['cold', 'warm', 'humid']
    },
    paraphrases: [
      'Why is my homemade bread so flat?',
      'The cake cracked on top, what did I do wrong?',
      'How do I keep my starter alive while on vacation?',
      'Cookies spread too thin in the oven',
      'Can I bake without eggs?',
      'Pie crust shrinks every time I blind bake it',
      'Is proofing overnight in the fridge better?',
      'How do I get a crispy crust at home?'
    ]
  },
  {
    name: 'gpu_training',
    lang: 'en',
    templates: [
      'Training {arch} on {gpu} runs out of memory at batch size {batch}',
      'Training loss goes to NaN after {steps} steps with {optim} and mixed precision',
      'How do I shard {arch} across {ngpu} {gpu} cards with FSDP?',
      'Gradient checkpointing in {arch} slows each step by half on {gpu}'
    ],
    slots: {
      arch: ['a 7B transformer', 'ResNet-152', 'a ViT-L', 'a diffusion UNet', 'BERT-large'],
      gpu: ['A100', 'H100', 'RTX 4090', 'V100', 'L4'],
      batch: ['32', '64', '128', '256'],
      steps: ['500', '2,000', '10,000'],
      optim: ['AdamW', 'Lion', 'SGD with momentum', 'Adafactor'],
      ngpu: ['two', 'four', 'eight']
    },
    paraphrases: [
      'CUDA out of memory as soon as training starts',
      'Why does my model loss explode to infinity?',
      'Multi-GPU training is slower than a single GPU',
      'How do I pick a learning rate schedule for fine-tuning?',
      'fp16 training gives worse accuracy than fp32',
      'Data loader is the bottleneck, GPUs sit idle',
      'Checkpoint file too large to load on one card',
      'Validation accuracy drops while training loss keeps falling'
    ]
  },
  {
    name: 'firewall',
    lang: 'en',
    templates: [
      'Open port {port} on the {fw} firewall only for the {subnet} subnet',
      'The {fw} drops {proto} traffic between {vlan} and the DMZ',
      'Write an {fw} rule that logs denied {proto} packets from {subnet}',
      'Site-to-site VPN on {fw} is up but {proto} to {vlan} times out'
    ],
    slots: {
      port: ['443', '3389', '22', '5432', '8443'],
      fw: ['pfSense', 'FortiGate', 'Palo Alto', 'iptables', 'Cisco ASA'],
      subnet: ['10.20.0.0/16', '192.168.5.0/24', '172.16.8.0/22'],
      proto: ['UDP', 'ICMP', 'TCP', 'SIP'],
      vlan: ['VLAN 30', 'the guest VLAN', 'VLAN 110', 'the voice VLAN']
    },
    paraphrases: [
      'Remote desktop stopped working after the firewall change',
      'How do I allow SSH only from the office network?',
      'Packets are dropped between two network segments',
      'Our VPN tunnel connects but nothing passes through',
      'Which ports does a VoIP phone system need open?',
      'Firewall logs are full of denied connections from one address',
      'NAT rule breaks access to the internal web server',
      'Best practice for segmenting an IoT network?'
    ]
  },
  {
    name: 'insurance_claim',
    lang: 'en',
    templates: [
      'My {insurer} claim for {damage} was denied because of {reason}',
      'How long does {insurer} take to pay a {damage} claim over {amount2}?',
      'Does my {policy2} policy cover {damage} if I {cause}?',
      'Appeal letter for a {policy2} claim that {insurer} rejected for {reason}'
    ],
    slots: {
      insurer: ['State Farm', 'Allianz', 'GEICO', 'AXA', 'Progressive'],
      damage: ['water damage', 'a stolen bike', 'hail damage', 'a cracked windshield', 'fire damage'],
      reason: ['late notice', 'a pre-existing condition', 'wear and tear', 'missing receipts'],
      amount2: ['$5,000', '$12,000', '$800'],
      policy2: ['homeowners', 'renters', 'auto', 'travel'],
      cause: ['left a window open', 'was abroad', 'lent it to a friend']
    },
    paraphrases: [
      'The insurer rejected my claim, how do I dispute it?',
      'How do I document damage before the adjuster visits?',
      'Will filing a claim raise my premium?',
      'What is a deductible and when do I pay it?',
      'Insurance company has not answered my claim for weeks',
      'Is flood damage covered by a standard home policy?',
      'Do I need a police report to claim for theft?',
      'Adjuster offered far less than the repair estimate'
    ]
  },
  {
    name: 'fitness',
    lang: 'en',
    templates: [
      'Build a {days2}-day {goal} program around {lift} for a {level} lifter',
      'My {joint} hurts during {lift}, should I change my form?',
      'How many grams of protein for {goal} at {weight}?',
      'Is {cardio} on rest days bad for {goal}?'
    ],
    slots: {
      days2: ['three', 'four', 'five'],
      goal: ['hypertrophy', 'fat loss', 'strength', 'marathon prep'],
      lift: ['squats', 'deadlifts', 'bench press', 'overhead press', 'pull-ups'],
      level: ['beginner', 'intermediate', 'older'],
      joint: ['lower back', 'knee', 'shoulder', 'wrist'],
      weight: ['70 kg', '85 kg', '180 lb', '60 kg'],
      cardio: ['running', 'cycling', 'HIIT', 'rowing']
    },
    paraphrases: [
      'How do I build muscle without a gym membership?',
      'My knees ache after leg day',
      'Should I stretch before or after working out?',
      'How many rest days per week do I need?',
      'Losing weight but also losing strength, why?',
      'Is it okay to train the same muscle every day?',
      'What should I eat before a long run?',
      'My bench press has stalled for two months'
    ]
  },
  {
    name: 'music_theory',
    lang: 'en',
    templates: [
      'Why does a {chord} chord resolve to {chord2} in {key}?',
      'Which {mode} scale fits a solo over {chord} on {instrument}?',
      'Explain the {device} chord move in the bridge of a {genre} song',
      'How do I voice a {chord} on {instrument} in {key}?'
    ],
    slots: {
      chord: ['dominant seventh', 'diminished', 'half-diminished', 'sus4', 'augmented'],
      chord2: ['the tonic', 'the relative minor', 'the subdominant'],
      key: ['C major', 'A minor', 'E flat major', 'F sharp minor'],
      mode: ['Dorian', 'Mixolydian', 'Lydian', 'Phrygian'],
      instrument: ['guitar', 'piano', 'ukulele', 'bass'],
      device: ['a tritone substitution', 'a modal interchange', 'a secondary dominant', 'a pedal point'],
      genre: ['jazz', 'bossa nova', 'gospel', 'pop']
    },
    paraphrases: [
      'Why do some chord progressions sound sad?',
      'How do I learn to improvise over changes?',
      'What is the circle of fifths used for?',
      'My melodies all sound the same, how to vary them?',
      'Difference between major and minor keys for beginners',
      'How do I transpose a song to a lower key?',
      'What makes a cadence feel finished?',
      'Reading sheet music faster at the piano'
    ]
  },
  {
    name: 'sql_tuning',
    lang: 'en',
    templates: [
      'The {db} query plan shows a {scan} on {tbl2} despite the index on {col}',
      'Why is this {db} join between {tbl2} and {tbl3} slower after {change2}?',
      'Suggest a composite index for {tbl2} filtered by {col} and sorted by {col2} in {db}',
      'VACUUM and {scan} statistics for {tbl2} in {db} look stale'
    ],
    slots: {
      db: ['PostgreSQL', 'MySQL', 'SQL Server', 'Oracle', 'Snowflake'],
      scan: ['sequential scan', 'full table scan', 'hash join', 'nested loop'],
      tbl2: ['shipments', 'ledger_entries', 'click_events', 'patients'],
      tbl3: ['carriers', 'accounts', 'campaigns', 'visits'],
      col: ['tenant_id', 'created_on', 'status_code', 'zip'],
      col2: ['amount', 'updated_on', 'priority'],
      change2: ['the upgrade', 'adding a column', 'the data load']
    }
  },
  {
    name: 'wedding',
    lang: 'en',
    templates: [
      'Seating chart for {guests} wedding guests with {conflict}',
      'Our {vendor} cancelled {weeks} weeks before the wedding in {venue}',
      'Write a {speech} toast for my {relative}\'s wedding',
      'Budget split for a {guests}-guest wedding at a {venue} with a {vendor}'
    ],
    slots: {
      guests: ['80', '120', '150', '200'],
      conflict: ['divorced parents', 'two feuding uncles', 'a plus-one nobody knows'],
      vendor: ['photographer', 'caterer', 'florist', 'DJ', 'officiant'],
      weeks: ['two', 'three', 'six'],
      venue: ['barn', 'vineyard', 'beach', 'city hall'],
      speech: ['funny', 'heartfelt', 'short'],
      relative: ['sister', 'best friend', 'brother', 'cousin']
    }
  },
  {
    name: 'dog_health',
    lang: 'en',
    templates: [
      'My {breed} has been {symptom} since eating {food}',
      'Is {med3} safe for a {age2}-year-old {breed}?',
      'How often should a {breed} get the {vaccine} vaccine?',
      'The vet found {finding} on my {breed}, what are the options?'
    ],
    slots: {
      breed: ['labrador', 'dachshund', 'golden retriever', 'french bulldog', 'border collie'],
      symptom: ['vomiting', 'limping', 'scratching constantly', 'drinking a lot'],
      food: ['grapes', 'chicken bones', 'a new kibble', 'chocolate'],
      med3: ['carprofen', 'Apoquel', 'gabapentin', 'Benadryl'],
      age2: ['2', '7', '11', '14'],
      vaccine: ['rabies', 'leptospirosis', 'bordetella', 'DHPP'],
      finding: ['a fatty lump', 'a heart murmur', 'bad teeth', 'elevated liver enzymes']
    }
  },
  {
    name: 'crypto_wallet',
    lang: 'en',
    templates: [
      'I sent {coin} to the wrong {network} address from {wallet}',
      'My {wallet} shows a pending {coin} transfer for {hours} hours',
      'How do I restore {wallet} from the seed phrase without {device2}?',
      'Gas fees on {network} are too high to move my {coin}'
    ],
    slots: {
      coin: ['USDT', 'ETH', 'Bitcoin', 'Solana', 'USDC'],
      network: ['ERC-20', 'TRC-20', 'BEP-20', 'Arbitrum', 'Polygon'],
      wallet: ['MetaMask', 'Ledger Live', 'Trust Wallet', 'Coinbase Wallet'],
      hours: ['6', '12', '48'],
      device2: ['the hardware device', 'my old phone', 'the backup card']
    }
  },
  {
    name: 'german_rail',
    lang: 'de',
    templates: [
      'Mein {zug} von {stadt} nach {stadt2} hat {minuten} Minuten Verspätung, bekomme ich eine Entschädigung?',
      'Kann ich mit der {karte} auch im {zug} nach {stadt2} fahren?',
      'Der Anschluss in {stadt} wurde verpasst, wie beantrage ich die Fahrgastrechte?',
      'Wo finde ich die Reservierung für den {zug} mit meiner {karte}?'
    ],
    slots: {
      zug: ['ICE', 'Regionalexpress', 'IC', 'Nachtzug', 'S-Bahn'],
      stadt: ['Hamburg', 'München', 'Köln', 'Leipzig', 'Frankfurt'],
      stadt2: ['Berlin', 'Stuttgart', 'Dresden', 'Hannover'],
      minuten: ['45', '60', '90', '120'],
      karte: ['BahnCard 50', 'Deutschlandticket', 'Sparpreis-Fahrkarte', 'Gruppenfahrkarte']
    }
  },
  {
    name: 'french_impots',
    lang: 'fr',
    templates: [
      'Comment déclarer mes revenus de {revenu} sur le formulaire {formulaire} ?',
      'J\'ai reçu un avis d\'imposition sur mes revenus avec une majoration pour {motif}, que faire ?',
      'Le prélèvement à la source sur mon {revenu} est trop élevé depuis {mois}',
      'Puis-je déduire les frais de {frais} de mes impôts sur le {revenu} ?'
    ],
    slots: {
      revenu: ['location meublée', 'micro-entreprise', 'salaire', 'pension alimentaire', 'plus-values'],
      formulaire: ['2042', '2044', '2031', '2042-C-PRO'],
      motif: ['retard de déclaration', 'oubli de revenus', 'erreur de case'],
      mois: ['janvier', 'mars', 'septembre'],
      frais: ['garde d\'enfant', 'télétravail', 'dons aux associations', 'emploi à domicile']
    }
  },
  {
    name: 'russian_bank',
    lang: 'ru',
    templates: [
      'Почему банк заблокировал мою {karta} после перевода {summa}?',
      'Как оспорить списание {summa} по {karta} в приложении {bank}?',
      'Сколько идёт перевод через {sistema} из {bank} в другой банк?',
      'Не приходит код подтверждения от {bank} для оплаты {karta}'
    ],
    slots: {
      karta: ['дебетовую карту', 'кредитную карту', 'зарплатную карту', 'виртуальную карту'],
      summa: ['5000 рублей', '120 тысяч', '30 000 рублей', '700 долларов'],
      bank: ['Сбербанк', 'Тинькофф', 'ВТБ', 'Альфа-Банк'],
      sistema: ['СБП', 'SWIFT', 'номер телефона']
    }
  },
  {
    name: 'chinese_shop',
    lang: 'zh',
    templates: [
      '我在{platform}买的{goods}还没发货，订单已经{days3}天了',
      '{goods}收到后有{problem}，{platform}可以退款吗？',
      '怎么在{platform}修改{goods}订单的收货地址？',
      '{platform}的优惠券为什么不能用在{goods}上？'
    ],
    slots: {
      platform: ['淘宝', '京东', '拼多多', '天猫'],
      goods: ['手机壳', '运动鞋', '空气炸锅', '羽绒服', '蓝牙音箱'],
      days3: ['三', '五', '七', '十'],
      problem: ['划痕', '质量问题', '尺码不对', '少了配件']
    }
  },
  {
    name: 'portuguese_energia',
    lang: 'pt',
    templates: [
      'A minha fatura da {empresa} veio com {valor} a mais este mês',
      'Como mudar o contrato de eletricidade da {empresa} para a tarifa {tarifa}?',
      'A {empresa} cortou a luz por falta de pagamento de {valor}, o que faço?',
      'Leitura do contador da {empresa} errada na tarifa {tarifa}'
    ],
    slots: {
      empresa: ['EDP', 'Endesa', 'Galp', 'Iberdrola', 'Goldenergy'],
      valor: ['40 euros', '85 euros', '120 euros', '200 euros'],
      tarifa: ['bi-horária', 'simples', 'tri-horária', 'social']
    }
  }
]

/** Every family of the bank: the generator's six planted families first, then the others. */
export const FAMILY_BANK: readonly BankFamily[] = [
  ...PLANTED_FAMILIES.map((f): BankFamily => ({ ...f, lang: f.name === 'medicacion_es' ? 'es' : f.name === 'japanese_support' ? 'ja' : 'en' })),
  ...EXTRA
]

/** Bank families with paraphrases. */
export const PARAPHRASE_FAMILIES: readonly BankFamily[] = FAMILY_BANK.filter((f) => f.paraphrases !== undefined)

/** Bank families not written in English. */
export const NON_ENGLISH_FAMILIES: readonly BankFamily[] = FAMILY_BANK.filter((f) => f.lang !== 'en')
