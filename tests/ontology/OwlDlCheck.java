// Check RDF documents as one OWL 2 DL ontology: the OWL API's OWL 2 DL profile check, then HermiT.
//
// Run as a single-file source program with the HermiT jar that owlready2 ships (it bundles the OWL API):
//   java -cp .../owlready2/hermit/HermiT.jar OwlDlCheck.java merged.nt
// Prints one "VIOLATION <text>" line per profile violation, then "CONSISTENT true|false", or
// "REFUSED <message>" when HermiT cannot load the ontology (an unsupported datatype, a malformed literal).

import java.io.File;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println("VIOLATION " + violation.toString().replace('\n', ' '));
        }
        try {
            System.out.println("CONSISTENT " + new Reasoner(ontology).isConsistent());
        } catch (RuntimeException refused) {
            System.out.println("REFUSED " + String.valueOf(refused.getMessage()).replace('\n', ' '));
        }
    }
}
